from django.urls import path

from reports import views, views_data

app_name = "reports"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("costs/", views_data.cost_entries, name="costs"),
    path("bookings/import/", views_data.booking_import, name="booking_import"),
    path("bookings/import/<int:pk>/", views_data.booking_import_preview, name="booking_preview"),
    path("snapshots/rebuild/", views.snapshots_rebuild, name="snapshots_rebuild"),
    path("<slug:slug>/", views.report_page, name="report"),
    path("<slug:slug>/<slug:key>.svg", views.report_chart, name="chart"),
    path("<slug:slug>/<slug:key>.csv", views.report_csv, name="csv"),
]
