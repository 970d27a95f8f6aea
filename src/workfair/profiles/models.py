"""Freelancer and client profiles."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from workfair.profiles.states import Visibility
from workfair.skills.models import Skill


class FreelancerProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="freelancer_profile")
    title = models.CharField(max_length=120, blank=True)
    overview = models.TextField(max_length=5000, blank=True)
    photo = models.ImageField(upload_to="profile-photos/", blank=True)
    # Perceptual hash (hex) of the current photo: another account's copy of it is refused.
    photo_hash = models.CharField(max_length=16, blank=True, db_index=True)
    hourly_rate = models.PositiveIntegerField(default=0, help_text="Minor units")
    currency = models.CharField(max_length=3, default="USD")
    country = models.CharField(max_length=2, blank=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="freelancers")
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    available = models.BooleanField(default=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user} - {self.title}"


class PortfolioItem(models.Model):
    profile = models.ForeignKey(FreelancerProfile, on_delete=models.CASCADE, related_name="portfolio_items")
    title = models.CharField(max_length=120)
    description = models.TextField(max_length=2000, blank=True)
    url = models.URLField(blank=True)
    image = models.ImageField(upload_to="portfolio/", blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]


class EmploymentItem(models.Model):
    """Work history outside Workfair (work on Workfair comes from contracts)."""

    profile = models.ForeignKey(FreelancerProfile, on_delete=models.CASCADE, related_name="employment_items")
    company = models.CharField(max_length=120)
    role = models.CharField(max_length=120)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    description = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["-start_date", "-id"]


class ClientProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_profile")
    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="client_profiles"
    )
    company_name = models.CharField(max_length=120, blank=True)
    location = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=2, blank=True)
    about = models.TextField(max_length=3000, blank=True)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
