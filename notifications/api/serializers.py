from rest_framework import serializers

from notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="message.kind", read_only=True, help_text="The message's kind, e.g. "
                                 "proposal_submit, report_returned.")
    title = serializers.CharField(read_only=True, help_text="Subject, in the recipient's language.")
    text = serializers.CharField(read_only=True, help_text="Plain-text body.")
    url = serializers.CharField(read_only=True, help_text="The page the message is about; empty if none.")

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "text", "url", "created_at", "read_at"]
        read_only_fields = fields


class NotificationsMarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many unread notifications were marked read.")
