from django.urls import path

from workfair.profiles import views

app_name = "profiles"

urlpatterns = [
    path("freelancers/", views.freelancer_list, name="freelancers"),
    path("freelancers/<int:user_id>/", views.freelancer_detail, name="freelancer_detail"),
    path("clients/<int:user_id>/", views.client_detail, name="client_detail"),
    path("profile/edit/", views.profile_edit, name="edit"),
    path("profile/photo/", views.upload_photo, name="upload_photo"),
    path("profile/photo/remove/", views.remove_photo, name="remove_photo"),
    path("profile/portfolio/", views.add_portfolio_item, name="add_portfolio_item"),
    path("profile/portfolio/<int:item_id>/delete/", views.delete_portfolio_item, name="delete_portfolio_item"),
    path("profile/employment/", views.add_employment_item, name="add_employment_item"),
    path("profile/employment/<int:item_id>/delete/", views.delete_employment_item, name="delete_employment_item"),
]
