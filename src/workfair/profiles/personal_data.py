"""Profiles' part of "download my data" and of the erasure (`core.personal_data`): both profiles,
portfolio and work history, with the profile photo and portfolio images. On erasure the texts are
blanked, the profiles hidden, portfolio and work history deleted and the images with them."""

from __future__ import annotations

from typing import Any

from workfair.core import clock
from workfair.core.personal_data import ExportFile, ExportPart, delete_file_on_commit, register_personal_data
from workfair.profiles.models import ClientProfile, EmploymentItem, FreelancerProfile, PortfolioItem
from workfair.profiles.states import Visibility


def _suffix(name: str | None) -> str:
    base = (name or "").rsplit("/", 1)[-1]
    return base[base.rfind(".") :] if "." in base else ""


def export_profiles(user: Any) -> ExportPart:
    files: list[ExportFile] = []
    freelancer = FreelancerProfile.objects.filter(user_id=user.pk).first()
    records: dict[str, Any] = {"freelancer_profile": None, "client_profile": None}
    if freelancer is not None:
        if freelancer.photo:
            files.append(ExportFile(path=f"profile-photo{_suffix(freelancer.photo.name)}", file=freelancer.photo))
        portfolio = list(PortfolioItem.objects.filter(profile=freelancer).order_by("pk"))
        for item in portfolio:
            if item.image:
                files.append(ExportFile(path=f"portfolio-{item.pk}{_suffix(item.image.name)}", file=item.image))
        records["freelancer_profile"] = {
            "title": freelancer.title,
            "overview": freelancer.overview,
            "hourly_rate": freelancer.hourly_rate,
            "currency": freelancer.currency,
            "country": freelancer.country,
            "skills": sorted(freelancer.skills.values_list("name", flat=True)),
            "visibility": freelancer.visibility,
            "available": freelancer.available,
            "created_at": freelancer.created_at,
            "updated_at": freelancer.updated_at,
            "portfolio": [
                {"title": i.title, "description": i.description, "url": i.url, "created_at": i.created_at}
                for i in portfolio
            ],
            "work_history": list(
                EmploymentItem.objects.filter(profile=freelancer)
                .order_by("pk")
                .values("company", "role", "start_date", "end_date", "description")
            ),
        }
    client = ClientProfile.objects.filter(user_id=user.pk).first()
    if client is not None:
        records["client_profile"] = {
            "company_name": client.company_name,
            "location": client.location,
            "country": client.country,
            "about": client.about,
            "visibility": client.visibility,
            "created_at": client.created_at,
            "updated_at": client.updated_at,
        }
    return ExportPart(records=records, files=files)


def erase_profiles(user: Any) -> dict[str, int]:
    now = clock.now()
    counts = {"portfolio_items": 0, "work_history": 0, "profiles": 0}
    freelancer = FreelancerProfile.objects.select_for_update().filter(user_id=user.pk).first()
    if freelancer is not None:
        items = list(PortfolioItem.objects.filter(profile=freelancer))
        for item in items:
            delete_file_on_commit(item.image)
        counts["portfolio_items"] = PortfolioItem.objects.filter(profile=freelancer).delete()[0]
        counts["work_history"] = EmploymentItem.objects.filter(profile=freelancer).delete()[0]
        delete_file_on_commit(freelancer.photo)
        freelancer.photo = ""  # type: ignore[assignment]
        freelancer.photo_hash = ""
        freelancer.title = freelancer.overview = freelancer.country = ""
        freelancer.visibility = Visibility.PRIVATE
        freelancer.available = False
        freelancer.updated_at = now
        freelancer.save()
        freelancer.skills.clear()
        counts["profiles"] += 1
    client = ClientProfile.objects.select_for_update().filter(user_id=user.pk).first()
    if client is not None:
        client.company_name = client.location = client.country = client.about = ""
        client.visibility = Visibility.PRIVATE
        client.updated_at = now
        client.save()
        counts["profiles"] += 1
    return counts


def register() -> None:
    register_personal_data("profiles", export=export_profiles, erase=erase_profiles)
