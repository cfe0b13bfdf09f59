from django.contrib.postgres.operations import CreateExtension, TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial")]

    operations = [TrigramExtension(), CreateExtension("fuzzystrmatch")]
