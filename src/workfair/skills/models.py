"""The skill taxonomy shared by profiles and jobs (skill tests arrive in a later issue)."""

from django.db import models


class Skill(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
