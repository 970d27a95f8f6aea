from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "workfair.skills"
    label = "skills"
