from django.urls import path

from workfair.minding import views

app_name = "minding"

urlpatterns = [
    path("proposals/<int:proposal_id>/flag-letter/", views.flag, name="flag"),
    path("jobs/<int:job_id>/apply/letter-check/", views.letter_check, name="letter_check"),
]
