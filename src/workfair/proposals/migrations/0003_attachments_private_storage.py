"""Proposal attachments move out of the public media folder: the field now stores in the
private storage under random names (workfair.core.files), and the files already uploaded are moved
there, renamed. Going back leaves the files where they are (the old field would look for them in
MEDIA_ROOT: move them back by hand if ever needed)."""

import workfair.core.files
from django.db import migrations, models


def move_files(apps, schema_editor):  # type: ignore[no-untyped-def]
    workfair.core.files.move_to_private_storage(
        apps.get_model("proposals", "ProposalAttachment"), "file", "proposal-attachments"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0002_decline_reason_interview_refund"),
    ]

    operations = [
        migrations.AlterField(
            model_name="proposalattachment",
            name="file",
            field=models.FileField(
                storage=workfair.core.files.private_storage,
                upload_to=workfair.core.files.RandomName("proposal-attachments"),
            ),
        ),
        migrations.RunPython(move_files, migrations.RunPython.noop),
    ]
