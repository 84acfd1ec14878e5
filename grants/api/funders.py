"""A shared call's funders in the API: who may be asked, and what an application asks from each
(grants.funders)."""

from rest_framework import serializers


class FunderAxisSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class FunderCallSerializer(serializers.Serializer):
    """One funder of a shared call: its own call, program, maximum and axes."""

    call = serializers.IntegerField(source="pk")
    program = serializers.CharField(source="program.code")
    program_name = serializers.CharField(source="program.name")
    max_amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    host = serializers.SerializerMethodField(help_text="The host receives every application of the shared call.")
    axes = FunderAxisSerializer(source="program.axes.all", many=True)

    def get_host(self, call) -> bool:
        return call.lead_call_id is None


class FunderRequestSerializer(serializers.Serializer):
    call = serializers.IntegerField(source="call_id", help_text="The funder's own call in the shared call.")
    program = serializers.CharField(source="call.program.code", help_text="The funder's program code.")
    program_name = serializers.CharField(source="call.program.name")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    primary_axis = serializers.IntegerField(source="primary_axis_id", allow_null=True,
                                            help_text="A co-funder's primary axis, of its own plan (null for the host).")


class FunderItem(serializers.Serializer):
    call = serializers.IntegerField(help_text="A funder's call, as the proposal's `funder_calls` lists them.")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, allow_null=True,
                                      help_text="Null or 0: this funder is not asked.")
    primary_axis = serializers.IntegerField(required=False, allow_null=True,
                                            help_text="For a co-funder: the primary axis of its plan.")


class FundersBody(serializers.Serializer):
    version = serializers.IntegerField(help_text="The proposal's version read before this change.")
    items = FunderItem(many=True)


class FundersResult(serializers.Serializer):
    version = serializers.IntegerField(help_text="The proposal's new version.")
    items = FunderRequestSerializer(many=True)


def funder_values(items):
    """({call id: amount or None}, {call id: axis id or None}) for grants.services.proposals.save_step
    (unknown funders and axes are refused there)."""
    return ({item["call"]: item["amount"] for item in items},
            {item["call"]: item.get("primary_axis") for item in items})
