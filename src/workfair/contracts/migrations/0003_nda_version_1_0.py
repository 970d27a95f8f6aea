"""Publish version 1.0 of the Workfair platform NDA, accepted by freelancers on every contract."""

from django.db import migrations
from django.utils import timezone

NDA_1_0 = """Workfair Platform Non-Disclosure Agreement, version 1.0

This agreement is between the freelancer and the client of a contract made on Workfair. The
freelancer accepts it when accepting the client's offer, and it applies to that contract.

1. Confidential information. Confidential information is anything the client shares with the
freelancer for the contract, in any form, that is not public: for example business plans, source
code, designs, customer and user data, prices, credentials and unpublished work. Information stays
confidential even if it is not marked as such.

2. Not confidential. This agreement does not cover information that the freelancer already knew
lawfully before the contract, that becomes public without the freelancer's fault, that the
freelancer receives lawfully from someone free to share it, or that the freelancer develops
independently without using the client's information.

3. Keeping it secret. The freelancer keeps the confidential information secret, protects it with
at least the care a careful professional gives their own sensitive information, and shares it with
nobody unless the client agrees in writing.

4. Use only for the contract. The freelancer uses the confidential information only to do the work
of this contract, and for no other purpose, on or off Workfair.

5. Required disclosure. If a law or a court requires the freelancer to disclose confidential
information, the freelancer discloses only what is required and, where allowed, tells the client
first so that the client can protect it.

6. Returning information. When the contract ends, or earlier if the client asks, the freelancer
returns or deletes the confidential information and any copies, except where the law requires
keeping them; anything kept stays covered by this agreement.

7. Duration. These obligations start when the freelancer accepts the offer and continue after the
contract ends, for as long as the information remains confidential.

8. Breach. A breach of this agreement may be reported to Workfair and may lead to action under
Workfair's rules, in addition to any remedy the client has under the law.

9. Relation to the contract. This agreement adds to the terms of the contract and to Workfair's
terms of use. The client and the freelancer may agree on stronger confidentiality terms in writing.
"""


def publish(apps, schema_editor):
    NdaVersion = apps.get_model("contracts", "NdaVersion")
    NdaVersion.objects.get_or_create(version="1.0", defaults={"text": NDA_1_0, "published_at": timezone.now()})


def unpublish(apps, schema_editor):
    NdaVersion = apps.get_model("contracts", "NdaVersion")
    NdaVersion.objects.filter(version="1.0", acceptances__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("contracts", "0002_notes_and_milestone_times")]

    operations = [migrations.RunPython(publish, unpublish)]
