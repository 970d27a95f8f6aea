from django.urls import path

from workfair.accounts import views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.account_settings, name="settings"),
    path("signup/held/", views.signup_held, name="signup_held"),
    path("settings/tokens/", views.create_api_token, name="create_token"),
    path("settings/tokens/<int:token_id>/revoke/", views.revoke_api_token, name="revoke_token"),
    path("settings/data-export/", views.request_data_export, name="request_data_export"),
    path("settings/data-export/<int:export_id>/", views.download_data_export, name="download_data_export"),
    path("settings/delete/", views.delete_account, name="delete_account"),
    path("settings/delete/cancel/", views.cancel_account_deletion, name="cancel_account_deletion"),
    path("organizations/", views.organization_list, name="organizations"),
    path("organizations/<int:organization_id>/", views.organization_detail, name="organization_detail"),
    path("organizations/<int:organization_id>/members/", views.add_member, name="add_member"),
    path(
        "organizations/<int:organization_id>/members/<int:user_id>/remove/",
        views.remove_member,
        name="remove_member",
    ),
]
