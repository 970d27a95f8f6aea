from django.urls import path

from workfair.web import csp_reports, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("privacy/", views.privacy, name="privacy"),
    path("csp-report/", csp_reports.csp_report, name="csp_report"),
]
