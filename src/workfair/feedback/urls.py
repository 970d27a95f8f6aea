from django.urls import path

from workfair.feedback import views

app_name = "feedback"

urlpatterns = [
    path("contracts/<int:contract_id>/feedback/", views.leave, name="leave"),
    path("feedback/reviews/<int:review_id>/reply/", views.reply, name="reply"),
]
