from django.urls import path

from workfair.trust import views

app_name = "trust"

urlpatterns = [
    path("trust/report/", views.report, name="report"),
    path("trust/check/", views.check, name="check"),
    path("trust/decisions/", views.decision_list, name="decisions"),
    path("trust/decisions/<int:decision_id>/", views.decision_detail, name="decision"),
    path("trust/decisions/<int:decision_id>/appeal/", views.appeal, name="appeal"),
    path("trust/standing/", views.standing, name="standing"),
]
