"""The identity-verification pages under /account/verification/ (documents, photos, booking the video check).
Included by `workfair.identity.urls`: the names live in its "identity" namespace."""

from django.urls import URLPattern, path

from workfair.identity.verification import views

urlpatterns: list[URLPattern] = [
    path("account/verification/", views.hub, name="verification"),
    path("account/verification/start/", views.start, name="verification_start"),
    path("account/verification/upload/<slug:side>/", views.upload, name="verification_upload"),
    path("account/verification/submit/", views.submit, name="verification_submit"),
    path("account/verification/cancel/", views.cancel, name="verification_cancel"),
    path("account/verification/provider/", views.vendor, name="verification_vendor"),
    path("account/verification/video/", views.book, name="verification_video"),
    path("account/verification/video/cancel/", views.cancel_booking, name="verification_video_cancel"),
]
