from django.urls import path

from workfair.console import spot_review, views

app_name = "console"

urlpatterns = [
    path("console/", views.index, name="index"),
    path("console/queues/<slug:queue>/", views.queue, name="queue"),
    path("console/cases/<int:case_id>/", views.case_detail, name="case"),
    path("console/cases/<int:case_id>/claim/", views.case_claim, name="case_claim"),
    path("console/cases/<int:case_id>/release/", views.case_release, name="case_release"),
    path("console/cases/<int:case_id>/decide/", views.case_decide, name="case_decide"),
    path("console/cases/<int:case_id>/note/", views.case_note, name="case_note"),
    path("console/decisions/<int:decision_id>/retry/", views.decision_retry, name="decision_retry"),
    path("console/users/<int:user_id>/", views.user_history, name="user"),
    path("console/policy/", views.policy, name="policy"),
    path("console/policy/rules/new/", views.rule_edit, name="rule_new"),
    path("console/policy/rules/<slug:key>/", views.rule_edit, name="rule_edit"),
    path("console/policy/rules/<slug:key>/mode/", views.rule_mode, name="rule_mode"),
    path("console/audit/", views.audit, name="audit"),
    path("console/skills/", views.skill_suggestions, name="skill_suggestions"),
    path("console/spot-review/", spot_review.spot_review, name="spot_review"),
    path("console/spot-review/<int:check_id>/", spot_review.spot_review_decide, name="spot_review_decide"),
]
