"""The phone pages under /account/phone/.
Included by `workfair.identity.urls`: the names live in its "identity" namespace."""

from django.urls import URLPattern, path

from workfair.identity.phone import views

urlpatterns: list[URLPattern] = [
    path("account/phone/", views.phone_page, name="phone"),
    path("account/phone/confirm/", views.phone_confirm, name="phone_confirm"),
    path("account/phone/resend/", views.phone_resend, name="phone_resend"),
    path("account/phone/dev-outbox/", views.phone_dev_outbox, name="phone_dev_outbox"),
]
