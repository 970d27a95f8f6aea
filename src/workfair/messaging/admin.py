from django.contrib import admin

from workfair.messaging.models import Conversation, Message, MessageAttachment, Participant


class ParticipantInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Participant
    extra = 0
    raw_id_fields = ("user",)
    readonly_fields = ("last_read_message_id", "unread_count")


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("id", "subject", "kind", "status", "client", "freelancer", "last_message_at")
    list_filter = ("kind", "status")
    search_fields = ("subject", "client__email", "freelancer__email")
    raw_id_fields = ("client", "freelancer", "job", "proposal", "invitation", "contract")
    list_select_related = ("client", "freelancer")
    inlines = [ParticipantInline]


class MessageAttachmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = MessageAttachment
    extra = 0
    readonly_fields = ("name", "size", "content_type", "created_at")


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("id", "conversation", "sender", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("conversation", "sender")
    list_select_related = ("conversation", "sender")
    inlines = [MessageAttachmentInline]
    # Status changes belong to the trust engine's decisions, which leave a record; not to this form.
    readonly_fields = ("status",)
