"""The step-up check pages under /account/security/check/.
Included by `workfair.identity.urls`: the names live in its "identity" namespace."""

from django.urls import URLPattern, path

from workfair.identity.stepup import views

urlpatterns: list[URLPattern] = [
    path("account/security/check/", views.check, name="step_up"),
    path("account/security/check/answer/", views.answer, name="step_up_answer"),
    path("account/security/check/send-code/", views.send_code, name="step_up_send_code"),
    path("account/security/check/confirm-code/", views.confirm_code, name="step_up_confirm_code"),
    path("account/security/check/identity/", views.finish_identity, name="step_up_identity"),
    path("account/security/check/restart/", views.restart, name="step_up_restart"),
]
