"""Step-up checks in the shipped policy: the impersonation report reason, the impersonation-step-up
rule, and a phone step-up in ban-evasion-weak.

On a database whose active policy lacks them, a new policy version becomes active: the old active
rules as they were, plus impersonation-step-up (after repeated-reports), and ban-evasion-weak gains
the step-up effect where its effects are still those shipped in 0003 (an operator who changed
them keeps theirs; the shown reason is updated only where it was not edited either). A fresh
database gets all of it with version 1 from 0002.
"""

from typing import Any

from django.db import migrations, models
from django.utils import timezone

from workfair.guard.rules import DEFAULT_RULES, validate_rules

NEW_RULE_KEYS = ("impersonation-step-up",)
WEAK_KEY = "ban-evasion-weak"
OLD_WEAK_EFFECTS = ["require_verification", "open_case"]
OLD_WEAK_REASON = (
    "This account was used from a device or network that a banned account also used. Nothing was "
    "blocked; please verify your identity, and a person will take a look."
)
REASON_CHOICES = [
    ("spam", "Spam"),
    ("abuse", "Abuse or harassment"),
    ("off_platform", "Asking to pay or talk outside Workfair"),
    ("scam", "Scam or fraud"),
    ("fake_review", "Fake review"),
    ("plagiarism", "Plagiarism"),
    ("impersonation", "Pretending to be someone else"),
    ("other", "Something else"),
]


def _default(key: str) -> dict[str, Any]:
    return dict(next(r for r in DEFAULT_RULES if r["key"] == key))


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    PolicyVersion = apps.get_model("trust", "PolicyVersion")
    Rule = apps.get_model("trust", "Rule")
    active = PolicyVersion.objects.filter(is_active=True).first()
    if active is None:
        return  # no policy at all: 0002 (or the operator) installs one with the current defaults
    rules = [{**r.definition, "mode": r.mode} for r in Rule.objects.filter(policy=active).order_by("order", "id")]
    changed = False
    for k, rule in enumerate(rules):
        if rule["key"] == WEAK_KEY and rule.get("effects") == OLD_WEAK_EFFECTS:
            shipped = _default(WEAK_KEY)
            reason = shipped["reason"] if rule.get("reason") == OLD_WEAK_REASON else rule["reason"]
            rules[k] = {**rule, "effects": shipped["effects"], "reason": reason}
            changed = True
    present = {r["key"] for r in rules}
    for key in NEW_RULE_KEYS:
        if key in present:
            continue
        after = [k for k, r in enumerate(rules) if r["key"] == "repeated-reports"]
        rules.insert(after[0] + 1 if after else len(rules), _default(key))
        changed = True
    if not changed:
        return
    problems = validate_rules(rules)
    if problems:
        raise RuntimeError("; ".join(problems))
    now = timezone.now()  # migrations run outside the product's clock
    number = PolicyVersion.objects.order_by("-number").values_list("number", flat=True).first() + 1
    PolicyVersion.objects.filter(is_active=True).update(is_active=False)
    version = PolicyVersion.objects.create(
        number=number, note="step-up checks: impersonation reports, ban-evasion weak matches", is_active=True,
        created_at=now, activated_at=now,
    )  # fmt: skip
    Rule.objects.bulk_create(
        [
            Rule(policy=version, key=r["key"], title=r["title"], mode=r["mode"], order=k, definition=r)
            for k, r in enumerate(rules)
        ]
    )
    try:  # running processes compile the new version on their next gate
        from django.core.cache import cache

        cache.delete("trust:active-policy-version")
    except Exception:  # noqa: S110 - a cache that cannot be reached holds no stale stamp either
        pass


class Migration(migrations.Migration):
    dependencies = [("trust", "0003_identity_queue_and_rules")]

    operations = [
        migrations.AlterField(
            model_name="report", name="reason", field=models.CharField(choices=REASON_CHOICES, max_length=20)
        ),
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
