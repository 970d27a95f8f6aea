from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "workfair.profiles"
    label = "profiles"
