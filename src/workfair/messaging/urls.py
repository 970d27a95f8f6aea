from django.urls import path

from workfair.messaging import views

app_name = "messaging"

urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/<int:conversation_id>/", views.conversation_page, name="conversation"),
    path("messages/<int:conversation_id>/older/", views.older_messages, name="older"),
    path("messages/<int:conversation_id>/send/", views.send_message, name="send"),
    path("messages/<int:conversation_id>/close/", views.close_conversation, name="close"),
    path("messages/<int:conversation_id>/reopen/", views.reopen_conversation, name="reopen"),
    path("messages/attachments/<int:attachment_id>/", views.download_attachment, name="attachment"),
]
