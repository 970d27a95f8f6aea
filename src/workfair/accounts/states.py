from django.db import models


class OrganizationRole(models.TextChoices):
    OWNER = "owner", "Owner"
    ADMIN = "admin", "Admin"
    MEMBER = "member", "Member"


class NameDisplay(models.TextChoices):
    FIRST_AND_INITIAL = "first_initial", "First name and last initial (Jane D.)"
    FULL = "full", "Full name (Jane Doe)"
