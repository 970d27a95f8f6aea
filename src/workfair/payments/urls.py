from django.urls import path

from workfair.payments import console_views, statement_views, views

app_name = "payments"

urlpatterns = [
    path("console/payments/reconciliation/", console_views.reconciliation, name="console_reconciliation"),
    path("money/receipts/<int:charge_id>/", statement_views.receipt, name="receipt"),
    path("money/receipts/<int:charge_id>.pdf", statement_views.receipt_pdf, name="receipt_pdf"),
    path("money/statements/<int:hold_id>/", statement_views.statement, name="statement"),
    path("money/statements/<int:hold_id>.pdf", statement_views.statement_pdf, name="statement_pdf"),
    path("payments/cards/", views.cards, name="cards"),
    path("payments/cards/<int:method_id>/confirm/", views.confirm_card, name="confirm_card"),
    path("payments/cards/<int:method_id>/remove/", views.remove_card, name="remove_card"),
    path("money/", views.money, name="money"),
    path("money/history.csv", views.history_csv, name="history_csv"),
    path("money/bank-account/", views.add_bank, name="add_bank"),
    path("money/withdraw/", views.withdraw, name="withdraw"),
    path("money/hourly/<int:week_id>/pay/", views.pay_hourly_week, name="pay_hourly_week"),
]
