"""The words a spreadsheet of applications uses, as the import knows them: each column's
names (in several languages) and what each status means; and the notes the import writes.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final


def _norm(name: str) -> str:
    """A column name compared without case, accents, spaces or punctuation."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "", plain.casefold())


#: Each field's names, as :func:`_norm` leaves them: English, Huntr's, this planner's export,
#: and French, German, Spanish, Italian and Portuguese ones.
_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "company": ("company", "companyname", "employer", "organisation", "organization",
                "organisationname", "organizationname", "firm", "entreprise", "societe",
                "employeur", "firma", "unternehmen", "arbeitgeber", "empresa", "azienda",
                "societa"),
    "role": ("role", "title", "jobtitle", "position", "job", "jobname", "poste", "intitule",
             "intituledeposte", "stelle", "jobbezeichnung", "puesto", "cargo", "ruolo",
             "posizione", "vaga"),
    "interview": ("interview", "interviews", "interviewdate", "interviewdates", "interviewon",
                  "interviewedon", "interviewat", "lastinterview", "interviewend",
                  "interviewends", "entretien", "dateentretien", "datedentretien",
                  "datedelentretien", "vorstellungsgesprach", "interviewtermin",
                  "gesprachstermin", "entrevista", "fechadeentrevista", "fechaentrevista",
                  "colloquio", "datacolloquio", "dataentrevista"),
    "applied": ("applied", "appliedon", "dateapplied", "applieddate", "applicationdate",
                "dateofapplication", "createdat", "created", "date", "datecandidature",
                "candidature", "datedecandidature", "bewerbungsdatum", "beworbenam",
                "fechadesolicitud", "fechasolicitud", "fechadepostulacion",
                "datacandidatura"),
    "contact": ("contact", "contacts", "contactname", "interviewer", "interviewers",
                "recruiter", "hiringmanager", "person", "interlocuteur", "recruteur",
                "ansprechpartner", "kontakt", "contacto", "contatto", "contato"),
    "email": ("email", "contactemail", "intervieweremail", "recruiteremail", "emailaddress",
              "mail", "courriel", "correo", "correoelectronico"),
    "phone": ("phone", "contactphone", "telephone", "telefon", "telefono", "phonenumber"),
    "status": ("status", "listname", "list", "stage", "state", "statut", "etat", "etape",
               "estado", "stato", "etapa"),
    "url": ("url", "link", "joburl", "joblink", "posting", "jobposting", "jobpostingurl",
            "postingurl", "joblisting", "listingurl", "lien", "enlace", "annonce",
            "stellenanzeige"),
    "resume": ("resume", "resumeversion", "resumeused", "resumesent", "cv", "cvversion",
               "cvsent", "cvenvoye", "lebenslauf", "curriculum", "curriculumvitae"),
    "notes": ("notes", "note", "comments", "comment", "remarques", "remarque",
              "commentaires", "notizen", "bemerkungen", "notas", "comentarios"),
    "decision": ("decisionexpected", "decision", "decisiondate", "decisionby",
                 "datededecision", "reponseattendue", "entscheidung"),
    # Worked out again by the planner from the rest: read, never kept as notes.
    "computed": ("nextstep", "nextstepby", "prochaineetape"),
    # The day of their answer, for an offer or a "no" (this planner's export: "Outcome date").
    "answered": tuple(_norm(n) for n in (
        "outcome date", "outcome on", "response date", "responded on", "response received",
        "date of response", "reply date", "replied on", "answer date", "answered on",
        "result date", "rejected on", "rejection date", "date rejected", "date of rejection",
        "offer date", "offered on", "offer received on", "date of offer",
        "date de réponse", "date réponse", "réponse le", "date du refus", "date de refus",
        "refusé le", "date de l'offre", "date offre", "antwortdatum", "antwort am",
        "datum der antwort", "absagedatum", "absage am", "abgelehnt am", "angebotsdatum",
        "angebot am", "zusage am", "fecha de respuesta", "fecha respuesta",
        "fecha de rechazo", "fecha rechazo", "fecha de oferta", "fecha oferta",
        "data risposta", "data di risposta", "data rifiuto", "data del rifiuto",
        "data offerta", "data dell'offerta", "data de resposta", "data resposta",
        "data da rejeição", "data rejeição", "data da oferta", "data oferta")),
    # A date of the row's latest change: an offer or a "no" without an answer column is
    # dated from it.
    "updated": tuple(_norm(n) for n in (
        "updated", "updated at", "updated on", "last updated", "last update", "date updated",
        "modified", "last modified", "modified at", "status date", "status updated",
        "status changed", "status changed on", "last status change", "last contact",
        "last contacted", "last contact date", "last contact on", "date of last contact",
        "last activity", "closed on", "date closed", "closed date", "end date", "ended on",
        "mis à jour", "mise à jour", "dernière mise à jour", "date de mise à jour",
        "dernier contact", "date du dernier contact", "aktualisiert", "aktualisiert am",
        "letzte aktualisierung", "geändert am", "letzter kontakt", "statusdatum",
        "actualizado", "última actualización", "fecha de actualización", "último contacto",
        "fecha del último contacto", "aggiornato", "ultimo aggiornamento",
        "data aggiornamento", "ultimo contatto", "atualizado", "última atualização",
        "data de atualização", "último contato", "data do último contato")),
}
_FIELD_OF: Final = {name: f for f, names in _NAMES.items() for name in names}


_OFFER: Final = {"offer", "offered", "offerreceived", "accepted", "offre", "angebot",
                 "oferta", "offerta", "proposta"}
_REJECTION: Final = {"rejected", "rejection", "notselected", "refused", "theysaidno", "no",
                     "refus", "refuse", "candidaturerefusee", "abgelehnt", "absage",
                     "rechazado", "rechazada", "rifiutato", "rejeitado"}
_CLOSED: Final = {"movedon", "closed", "withdrawn", "archived", "ghosted", "noanswer",
                  "abandoned", "declined", "dropped", "clos", "ferme", "abandonne",
                  "geschlossen", "cerrado", "chiuso", "fechado"}
_NOT_APPLIED: Final = {"wishlist", "saved", "toapply", "bookmarked", "interested", "idea",
                       "merkliste", "aposter", "pendiente"}
#: The planner's own words for an open application (in its export): worked out again.
_OPEN: Final = {"active", "waitingforthem", "open", "nointerviewrecordedyet"}
#: Statuses that say there is (or was) an interview: without its date, nothing is planned.
_INTERVIEWING: Final = {
    "interview", "interviews", "interviewing", "interviewed", "interviewscheduled",
    "interviewstage", "interviewround", "phonescreen", "phonescreening", "phoneinterview",
    "screen", "screening", "screeningcall", "recruiterscreen", "recruitercall", "hrinterview",
    "hrscreen", "technicalinterview", "techinterview", "videointerview", "onsite",
    "onsiteinterview", "panelinterview", "firstinterview", "secondinterview",
    "finalinterview", "firstround", "secondround", "finalround", "entretien", "entretiens",
    "entretientelephonique", "entretienpasse", "entretienprevu", "vorstellungsgesprach",
    "telefoninterview", "gesprach", "interviewphase", "entrevista", "entrevistas",
    "entrevistado", "entrevistada", "colloquio", "colloqui", "colloquiotelefonico"}

#: The note of an answer an import dated: from a date and time, or from a day alone (its time
#: is then noon, or the time the interview ended that day, or the import's moment that day).
_IMPORTED: Final = "Imported from a spreadsheet"
_DAY_ONLY: Final = "Imported from a spreadsheet, which gives the day but not the time"
#: The note of an answer whose date the spreadsheet does not give.
_UNDATED_NOTE: Final = "Imported from a spreadsheet, which does not say when"
