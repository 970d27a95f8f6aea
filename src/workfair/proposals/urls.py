from django.urls import path

from workfair.proposals import views

app_name = "proposals"

urlpatterns = [
    path("jobs/<int:job_id>/apply/", views.create, name="create"),
    path("jobs/<int:job_id>/proposals/", views.job_proposals, name="job_proposals"),
    path("jobs/<int:job_id>/invite/", views.invite, name="invite"),
    path("proposals/", views.my_proposals, name="list"),
    path("proposals/<int:proposal_id>/", views.detail, name="detail"),
    path("proposals/<int:proposal_id>/withdraw/", views.withdraw, name="withdraw"),
    path("proposals/<int:proposal_id>/decline/", views.decline, name="decline"),
    path("proposals/<int:proposal_id>/shortlist/", views.shortlist, name="shortlist"),
    path("proposals/<int:proposal_id>/unshortlist/", views.unshortlist, name="unshortlist"),
    path("proposals/<int:proposal_id>/message/", views.message, name="message"),
    path("proposals/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("invitations/<int:invitation_id>/", views.invitation, name="invitation"),
    path("invitations/<int:invitation_id>/decline/", views.decline_invitation, name="decline_invitation"),
]
