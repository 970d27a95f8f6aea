"""The identity queue (24 h SLA) and the identity-graph rules (ban evasion, duplicate accounts).

On a database whose active policy lacks those rules, a new policy version becomes active: the old
active rules as they were, plus the missing ones. Nothing changes where they are already there
(a fresh database gets them with version 1 from 0002, which installs the current defaults).
"""

from django.db import migrations, models
from django.utils import timezone

from workfair.guard.rules import DEFAULT_RULES, validate_rules

IDENTITY_RULE_KEYS = ("ban-evasion-strong", "ban-evasion-weak", "duplicate-account")
IDENTITY_SLA_MINUTES = 1440
QUEUE_CHOICES = [
    ("job_posts", "Job posts"),
    ("held_messages", "Held messages"),
    ("reports", "Reports"),
    ("appeals", "Appeals"),
    ("quality_review", "Quality review"),
    ("account_health", "Account health"),
    ("identity", "Identity"),
]


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    PolicyVersion = apps.get_model("trust", "PolicyVersion")
    Rule = apps.get_model("trust", "Rule")
    QueueSLA = apps.get_model("trust", "QueueSLA")
    QueueSLA.objects.get_or_create(queue="identity", defaults={"minutes": IDENTITY_SLA_MINUTES})
    active = PolicyVersion.objects.filter(is_active=True).first()
    if active is None:
        return  # no policy at all: 0002 (or the operator) installs one with the current defaults
    rules = [{**r.definition, "mode": r.mode} for r in Rule.objects.filter(policy=active).order_by("order", "id")]
    present = {r["key"] for r in rules}
    missing = [dict(r) for r in DEFAULT_RULES if r["key"] in IDENTITY_RULE_KEYS and r["key"] not in present]
    if not missing:
        return
    rules.extend(missing)
    problems = validate_rules(rules)
    if problems:
        raise RuntimeError("; ".join(problems))
    now = timezone.now()  # migrations run outside the product's clock
    number = PolicyVersion.objects.order_by("-number").values_list("number", flat=True).first() + 1
    PolicyVersion.objects.filter(is_active=True).update(is_active=False)
    version = PolicyVersion.objects.create(
        number=number, note="identity-graph rules added", is_active=True, created_at=now, activated_at=now
    )
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
    dependencies = [("trust", "0002_default_policy")]

    operations = [
        migrations.AlterField(
            model_name="case", name="queue", field=models.CharField(choices=QUEUE_CHOICES, max_length=20)
        ),
        migrations.AlterField(
            model_name="queuesla",
            name="queue",
            field=models.CharField(choices=QUEUE_CHOICES, max_length=20, unique=True),
        ),
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
