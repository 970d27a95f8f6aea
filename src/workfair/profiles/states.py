from django.db import models


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public: anyone, even signed out"
    MEMBERS = "members", "Members only: signed-in people"
    PRIVATE = "private", "Private: only people I invite or work with"
