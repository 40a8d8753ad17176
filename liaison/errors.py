"""Named refusals of the liaison services; each carries a message code and parameters."""

from __future__ import annotations

from typing import Any


class LiaisonError(Exception):
    """Base of the liaison refusals; `code` + `params` render in Korean or English."""

    code = "liaison.error"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        self.code = code or type(self).code
        self.params = params
        super().__init__(f"{self.code} {params}" if params else self.code)


class NotOnHotlineDesk(LiaisonError):
    """The actor is neither hotline-trained, rostered on the hotline now, nor a manager."""

    code = "liaison.not_on_hotline"


class InvalidContactLog(LiaisonError):
    code = "liaison.contact_invalid"


class InvalidVictimRequest(LiaisonError):
    code = "liaison.request_invalid"


class UnknownReference(LiaisonError):
    """No case carries this reference (also said for a malformed one: no hint either way)."""

    code = "liaison.reference_unknown"


class InvalidPlatformEntry(LiaisonError):
    code = "liaison.platform_invalid"


class InvalidEmergencyContact(LiaisonError):
    code = "liaison.emergency_invalid"


class TakedownNotFound(LiaisonError):
    code = "liaison.takedown_not_found"


class NotReferredToPolice(LiaisonError):
    """Evidence packages are only built for cases with a police referral in force."""

    code = "liaison.not_referred"


class EvidenceUnavailable(LiaisonError):
    """An original needed for the package has been purged or cannot be opened."""

    code = "liaison.evidence_unavailable"
