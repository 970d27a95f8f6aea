"""Install the shipped default policy as version 1, the queue SLAs and the staff role groups."""

from django.db import migrations
from django.utils import timezone

# A frozen copy is not kept here: the defaults live as data in workfair.guard.rules, and this
# migration installs whatever they were when it first runs (later changes ship as new versions).
from workfair.trust.config import DEFAULTS
from workfair.guard.rules import DEFAULT_RULES, validate_rules


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    PolicyVersion = apps.get_model("trust", "PolicyVersion")
    Rule = apps.get_model("trust", "Rule")
    QueueSLA = apps.get_model("trust", "QueueSLA")
    Group = apps.get_model("auth", "Group")
    problems = validate_rules(DEFAULT_RULES)
    if problems:
        raise RuntimeError("; ".join(problems))
    now = timezone.now()  # migrations run outside the product's clock
    if not PolicyVersion.objects.exists():
        version = PolicyVersion.objects.create(
            number=1, note="shipped defaults", is_active=True, created_at=now, activated_at=now
        )
        Rule.objects.bulk_create(
            [
                Rule(policy=version, key=r["key"], title=r["title"], mode=r["mode"], order=k, definition=r)
                for k, r in enumerate(DEFAULT_RULES)
            ]
        )
    for queue, minutes in DEFAULTS["QUEUE_SLA_MINUTES"].items():
        QueueSLA.objects.get_or_create(queue=queue, defaults={"minutes": minutes})
    for name in ("moderator", "senior_moderator", "admin", "on_duty"):
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("trust", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
