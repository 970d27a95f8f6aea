from django.urls import path

from workfair.contracts import views

app_name = "contracts"

urlpatterns = [
    path("offers/new/", views.offer_create, name="offer_create"),
    path("offers/", views.offers, name="offers"),
    path("offers/<int:offer_id>/", views.offer_detail, name="offer_detail"),
    path("offers/<int:offer_id>/accept/", views.accept_offer, name="offer_accept"),
    path("offers/<int:offer_id>/decline/", views.decline_offer, name="offer_decline"),
    path("offers/<int:offer_id>/withdraw/", views.withdraw_offer, name="offer_withdraw"),
    path("contracts/", views.contracts, name="list"),
    path("contracts/<int:contract_id>/", views.detail, name="detail"),
    path("contracts/<int:contract_id>/pause/", views.pause, name="pause"),
    path("contracts/<int:contract_id>/resume/", views.resume, name="resume"),
    path("contracts/<int:contract_id>/end/", views.end, name="end"),
    path("contracts/milestones/<int:milestone_id>/submit/", views.submit_milestone, name="milestone_submit"),
    path("contracts/milestones/<int:milestone_id>/fund/", views.fund_milestone, name="milestone_fund"),
    path("contracts/milestones/<int:milestone_id>/refund/", views.refund_milestone, name="milestone_refund"),
    path("contracts/milestones/<int:milestone_id>/approve/", views.approve_milestone, name="milestone_approve"),
    path(
        "contracts/milestones/<int:milestone_id>/request-changes/",
        views.request_milestone_changes,
        name="milestone_request_changes",
    ),
    path("contracts/<int:contract_id>/time/", views.log_time, name="time_log"),
    path("contracts/time/<int:entry_id>/edit/", views.edit_time, name="time_edit"),
    path("contracts/time/<int:entry_id>/delete/", views.delete_time, name="time_delete"),
    path("contracts/weeks/<int:week_id>/dispute/", views.dispute_week, name="week_dispute"),
    path("contracts/weeks/<int:week_id>/pay/", views.pay_week, name="week_pay"),
]
