from django.urls import path

from workfair.payments import console_views, views

app_name = "payments"

urlpatterns = [
    path("console/payments/reconciliation/", console_views.reconciliation, name="console_reconciliation"),
    path("payments/cards/", views.cards, name="cards"),
    path("payments/cards/<int:method_id>/confirm/", views.confirm_card, name="confirm_card"),
    path("payments/cards/<int:method_id>/remove/", views.remove_card, name="remove_card"),
    path("money/", views.money, name="money"),
    path("money/history.csv", views.history_csv, name="history_csv"),
    path("money/bank-account/", views.add_bank, name="add_bank"),
    path("money/withdraw/", views.withdraw, name="withdraw"),
]
