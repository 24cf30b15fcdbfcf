from openpiao.core.forms import StyledModelForm, VersionedFormMixin

from .models import PublicationSettings


class PublicationSettingsForm(VersionedFormMixin, StyledModelForm):
    class Meta:
        model = PublicationSettings
        fields = ["licence"]
