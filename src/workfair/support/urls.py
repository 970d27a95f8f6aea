from django.urls import path

from workfair.support import views

app_name = "support"

urlpatterns = [
    path("help/", views.help_index, name="help"),
    path("help/suggest/", views.help_suggest, name="help_suggest"),
    path("help/articles/<slug:slug>/", views.help_article, name="help_article"),
    path("help/<slug:slug>/", views.help_category, name="help_category"),
    path("console/help/", views.console_help, name="console_help"),
    path("console/help/articles/new/", views.console_help_article, name="console_help_new"),
    path("console/help/articles/<int:article_id>/", views.console_help_article, name="console_help_edit"),
]
urlpatterns += [
    path("support/tickets/", views.tickets, name="tickets"),
    path("support/tickets/new/", views.ticket_new, name="ticket_new"),
    path("support/tickets/<int:ticket_id>/", views.ticket, name="ticket"),
    path("support/tickets/<int:ticket_id>/close/", views.ticket_close, name="ticket_close"),
    path("support/tickets/<int:ticket_id>/files/<int:message_id>/", views.ticket_attachment, name="ticket_attachment"),
    path("console/support/", views.console_queue, name="console_queue"),
    path("console/support/tickets/<int:ticket_id>/", views.console_ticket, name="console_ticket"),
]
urlpatterns += [
    path("support/chat/start/", views.chat_start, name="chat_start"),
    path("console/support/chat/", views.console_chat, name="console_chat"),
]
