from oauth2_provider.oauth2_validators import OAuth2Validator

# The claim of the SPID/CIE OpenID Connect rules for the codice fiscale, «TINIT-» then the code.
FISCAL_NUMBER = "https://attributes.eid.gov.it/fiscal_number"


class SpidLikeValidator(OAuth2Validator):
    """Gives the claims an identity proxy gives: names and the codice fiscale, which is the
    provider user's user name here."""

    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, FISCAL_NUMBER: "profile"}

    def get_additional_claims(self, request):
        user = request.user
        return {
            "given_name": user.first_name,
            "family_name": user.last_name,
            FISCAL_NUMBER: f"TINIT-{user.username}",
        }
