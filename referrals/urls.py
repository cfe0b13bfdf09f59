from django.urls import path

from referrals import views, views_match

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("new/", views.referral_create, name="create"),
    path("review/", views.review_list, name="queue"),
    path("waitlist/", views.waitlist, name="waitlist"),
    path("<int:pk>/", views.referral_detail, name="detail"),
    path("<int:pk>/decide/", views.referral_decide, name="decide"),
    path("<int:pk>/match/", views_match.referral_match, name="match"),
]
