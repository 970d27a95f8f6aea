"""Identity's staff pages under /console/identity/ (review, images, video checks, linked accounts).
Included by `workfair.identity.urls`: the names live in its "identity" namespace."""

from django.urls import URLPattern, path

from workfair.identity.staff import views

urlpatterns: list[URLPattern] = [
    path("console/identity/", views.index, name="console_index"),
    path("console/identity/cases/<int:case_id>/", views.case, name="console_case"),
    path("console/identity/verifications/<int:verification_id>/", views.verification, name="console_verification"),
    path("console/identity/verifications/<int:verification_id>/decide/", views.decide, name="console_decide"),
    path(
        "console/identity/verifications/<int:verification_id>/images/<slug:side>/",
        views.image,
        name="console_image",
    ),
    path("console/identity/video/", views.video, name="console_video"),
    path("console/identity/video/slots/", views.open_slots, name="console_open_slots"),
    path("console/identity/video/<int:check_id>/", views.video_check, name="console_video_check"),
    path("console/identity/video/<int:check_id>/outcome/", views.record_outcome, name="console_record_outcome"),
    path("console/identity/users/<int:user_id>/links/", views.links, name="console_links"),
]
