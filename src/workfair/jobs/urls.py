from django.urls import path

from workfair.jobs import views

app_name = "jobs"

urlpatterns = [
    path("jobs/", views.search, name="search"),
    path("jobs/new/", views.create, name="create"),
    path("jobs/mine/", views.mine, name="mine"),
    path("jobs/<int:job_id>/", views.detail, name="detail"),
    path("jobs/<int:job_id>/edit/", views.edit, name="edit"),
    path("jobs/<int:job_id>/submit/", views.submit, name="submit"),
    path("jobs/<int:job_id>/close/", views.close, name="close"),
]
