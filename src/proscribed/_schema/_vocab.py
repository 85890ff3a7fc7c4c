"""Controlled vocabularies: every closed list of values in the dataset, each term with its meaning.

Each vocabulary is a :class:`~enum.StrEnum`; the meaning of each term is its ``description``.
The descriptor, the JSON Schemas and the documentation take both from here.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

__all__ = [
    "Action",
    "ActorType",
    "AliasType",
    "Aspect",
    "CountBasis",
    "DateBasis",
    "EventStatus",
    "EventType",
    "InstrumentType",
    "Measure",
    "OrgClass",
    "ParticipantRole",
    "QuoteType",
    "Relation",
    "RoleClass",
    "Scope",
    "Setting",
    "SourceClass",
    "SourceType",
    "Stance",
    "StanceTopic",
    "TranslationBy",
    "Verification",
    "Vocabulary",
]


class Vocabulary(StrEnum):
    """Base of every controlled vocabulary: a string enum whose members carry a description."""

    description: str

    def __new__(cls, value: str, description: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member


class ActorType(Vocabulary):
    """What kind of actor a record describes."""

    PERSON = "person", "A natural person."
    ORGANIZATION = (
        "organization",
        (
            "Any organised body that is not a state: a movement, armed group, ministry, court, agency, "
            "legislature, international organisation or media outlet."
        ),
    )
    STATE = "state", "A sovereign state or a de facto government acting as one."


class OrgClass(Vocabulary):
    """The class of an organisation."""

    MOVEMENT = "movement", "A political, religious or armed movement (e.g. the Taliban)."
    ARMED_GROUP = "armed_group", "A non-state armed group that is not primarily a political movement."
    GOVERNMENT = "government", "A government, cabinet or presidential administration."
    MINISTRY = "ministry", "A ministry or department of a government."
    SECURITY_SERVICE = "security_service", "An intelligence, security or law-enforcement service."
    PROSECUTOR = "prosecutor", "A public prosecutor's office."
    COURT = "court", "A court or tribunal."
    LEGISLATURE = "legislature", "A parliament or one of its chambers or committees."
    IGO = "igo", "An intergovernmental organisation or one of its organs or committees."
    MEDIA = "media", "A news agency, newspaper, broadcaster or other publisher."
    NGO = "ngo", "A non-governmental organisation, think tank or research body."
    COMPANY = "company", "A company or business association."
    OTHER = "other", "Any other organisation; say what it is in the description."


class AliasType(Vocabulary):
    """How an alternative name relates to an actor."""

    ALIAS = "alias", "Another name the actor is commonly known by."
    OFFICIAL = "official", "The actor's official or self-chosen name."
    LEGAL = "legal", "The name under which a legal act names the actor."
    FORMER = "former", "A name the actor no longer uses."
    ABBREVIATION = "abbreviation", "An acronym or short form."
    TRANSLITERATION = "transliteration", "A spelling of the name in another script or romanisation."


class RoleClass(Vocabulary):
    """A coarse class of post, comparable across countries."""

    HEAD_OF_STATE = "head_of_state", "President, monarch or supreme leader."
    HEAD_OF_GOVERNMENT = "head_of_government", "Prime minister or equivalent."
    MINISTER = "minister", "A minister, acting minister or deputy minister."
    SPOKESPERSON = "spokesperson", "An official spokesperson or press secretary."
    DIPLOMAT = "diplomat", "An ambassador, envoy, special representative or diplomatic official."
    SECURITY_CHIEF = "security_chief", "The head of a security, intelligence or defence body."
    JUDGE = "judge", "A judge or justice."
    PROSECUTOR = "prosecutor", "A prosecutor."
    LEGISLATOR = "legislator", "A member of a legislature."
    OFFICIAL = "official", "Any other public official."
    GROUP_LEADER = "group_leader", "A leader or representative of a non-state group."
    OTHER = "other", "Any other post."


class SourceType(Vocabulary):
    """The kind of document a source is (a subset of CSL item types)."""

    ARTICLE_NEWSPAPER = "article-newspaper", "A news article or wire report."
    ARTICLE_MAGAZINE = "article-magazine", "A magazine or analysis article."
    ARTICLE_JOURNAL = "article-journal", "A scholarly journal or law-review article."
    WEBPAGE = "webpage", "A web page that is not a news article."
    POST = "post", "A social-media post."
    BROADCAST = "broadcast", "A radio or television broadcast or its transcript."
    INTERVIEW = "interview", "A published interview."
    SPEECH = "speech", "A speech or its transcript."
    REPORT = "report", "A report by an agency, organisation or researcher."
    LEGISLATION = "legislation", "A law, decree or executive order."
    LEGAL_CASE = "legal_case", "A court decision."
    DOCUMENT = "document", "An official document of another kind (press release, FAQ, list)."
    ENCYCLOPEDIA = "entry-encyclopedia", "An encyclopedia entry or a mirror of one."


class SourceClass(Vocabulary):
    """Who stands behind a source, for judging its weight."""

    OFFICIAL = "official", "Published by the government, court or body whose act or words it records."
    WIRE = "wire", "A news agency report (TASS, RIA Novosti, Reuters, AP, …) or a reprint of one."
    NEWS = "news", "A news outlet's own reporting."
    ANALYSIS = "analysis", "Commentary, analysis or a think-tank publication."
    REFERENCE = "reference", "An encyclopedia or reference work, or a mirror of one."
    AGGREGATOR = "aggregator", "A site that republishes others' content without editorial work of its own."
    OTHER = "other", "Any other kind of source."


class Verification(Vocabulary):
    """How far independent sources bear a record out."""

    CONFIRMED = "confirmed", ("An official primary source, or at least two independent sources, state it as recorded.")
    PARTIAL = "partial", "Sources bear out the core of the record, but a detail (date, wording, actor) is unconfirmed."
    UNCONFIRMED = "unconfirmed", "Only one source, or only the seed article, states it; nothing independent was found."
    DISPUTED = "disputed", "Sources disagree on it; the note says how, and citations say which source says what."


class Relation(Vocabulary):
    """How a cited source bears on the record that cites it."""

    SUPPORTS = "supports", "The excerpt states what the record says."
    PARTLY_SUPPORTS = "partly_supports", "The excerpt states part of the record, or states it less precisely."
    CONTRADICTS = "contradicts", "The excerpt states something that conflicts with the record."


class Aspect(Vocabulary):
    """Which part of a record a citation bears on."""

    RECORD = "record", "The record as a whole."
    DATE = "date", "The date."
    QUOTE = "quote", "The wording of a quotation."
    ATTRIBUTION = "attribution", "Who said or did it, and in what capacity."
    PLACE = "place", "Where it happened."
    LEGAL_EFFECT = "legal_effect", "The nature or effect of a legal act."
    FIGURES = "figures", "Numbers quoted in the record."


class DateBasis(Vocabulary):
    """What a statement's date is the date of."""

    SPOKEN = "spoken", "The day the words were spoken or written."
    PUBLISHED = "published", "The day the source published them; the words may be older."
    REPORTED = "reported", "The day a later source first reported them."
    ESTIMATED = "estimated", "Inferred from context (e.g. a weekday named in the report)."


class Setting(Vocabulary):
    """Where or how a statement was made."""

    INTERVIEW = "interview", "An interview with a news outlet."
    PRESS_CONFERENCE = "press_conference", "A press conference or press approach."
    BRIEFING = "briefing", "A regular or ad hoc briefing by an official or spokesperson."
    SPEECH = "speech", "A speech or address."
    MEETING = "meeting", "Remarks made at a meeting, forum or session."
    WRITTEN_STATEMENT = "written_statement", "A written statement, press release or answer in writing."
    SOCIAL_MEDIA = "social_media", "A social-media post."
    BROADCAST = "broadcast", "Remarks made on radio or television."
    ARTICLE = "article", "An article or op-ed written by the speaker."
    HEARING = "hearing", "A legislative or court hearing."
    OTHER = "other", "Any other setting."


class QuoteType(Vocabulary):
    """How closely a quotation reproduces the speaker's words."""

    DIRECT = "direct", "The source quotes the speaker's words in quotation marks."
    PARTIAL = "partial", "The source mixes quoted words with its own paraphrase."
    INDIRECT = "indirect", "The source reports the substance in its own words."


class TranslationBy(Vocabulary):
    """Who produced an English rendering."""

    SOURCE = "source", "The cited source published this English text."
    SPEAKER = "speaker", "The speaker or their office published this English text."
    CURATOR = "curator", "A curator of this dataset translated it."
    MACHINE = "machine", "Machine translation, reviewed by a curator."


class Stance(Vocabulary):
    """A statement's position toward its subject (after SemEval-2016 Task 6)."""

    FAVOR = "favor", "Supports the subject, or easing measures against it."
    AGAINST = "against", "Opposes the subject, or supports measures against it."
    NEUTRAL = "neutral", "Says something about the subject without taking a side."
    UNCLEAR = "unclear", "The position cannot be told from the words."


class StanceTopic(Vocabulary):
    """What aspect of the subject a stance is about."""

    DESIGNATION = "designation", "Listing or delisting the subject."
    RECOGNITION = "recognition", "Recognising the subject as a government."
    ENGAGEMENT = "engagement", "Dealing, trading or cooperating with the subject."
    SECURITY = "security", "The subject's record on terrorism, drugs or security."
    GENERAL = "general", "The subject in general."


class EventType(Vocabulary):
    """What kind of event a record describes."""

    MEETING = "meeting", "A bilateral or multilateral meeting or round of consultations."
    FORUM = "forum", "A forum, conference or summit with many participants."
    VISIT = "visit", "A visit by a delegation or official."
    INVITATION = "invitation", "An invitation extended to an actor."
    ANNOUNCEMENT = "announcement", "An official announcement of a decision or intention."
    LEGISLATION = "legislation", "A step in making a law: a bill, a reading, a signature, entry into force."
    LEGAL_FILING = "legal_filing", "An application or claim filed with a court."
    COURT_RULING = "court_ruling", "A court decision."
    RECOGNITION = "recognition", "Diplomatic recognition of a government."
    CREDENTIALS = "credentials", "The presentation or acceptance of an envoy's credentials."
    AGREEMENT = "agreement", "An agreement signed or concluded."
    ATTACK = "attack", "An armed or terrorist attack."
    PUBLICATION = "publication", "The release of a report, survey or list."
    DECREE = "decree", "A decree or order issued by an authority."
    OTHER = "other", "Any other event."


class EventStatus(Vocabulary):
    """Whether an event took place."""

    OCCURRED = "occurred", "It took place."
    PLANNED = "planned", "It was announced or planned; whether it took place is not recorded."
    CANCELLED = "cancelled", "It was announced and then cancelled."
    ALLEGED = "alleged", "It is said to have taken place, but this is not established."


class ParticipantRole(Vocabulary):
    """The part an actor played in an event."""

    HOST = "host", "Hosted the event."
    ORGANIZER = "organizer", "Organised or convened the event."
    CHAIR = "chair", "Chaired the event."
    ATTENDEE = "attendee", "Took part in the event."
    DELEGATION_HEAD = "delegation_head", "Led a delegation to the event."
    SPEAKER = "speaker", "Spoke at the event."
    INVITER = "inviter", "Extended an invitation."
    INVITEE = "invitee", "Received an invitation."
    PERPETRATOR = "perpetrator", "Carried out an attack, or claimed it."
    TARGET = "target", "Was the target or victim of an attack."
    APPLICANT = "applicant", "Applied to a court or authority."
    COURT = "court", "Decided the case."
    JUDGE = "judge", "Presided over the case."
    SUBJECT = "subject", "Was the subject of the decision or proceedings."
    SIGNATORY = "signatory", "Signed an act or agreement."
    AUTHOR = "author", "Wrote or published a report or act."
    RECIPIENT = "recipient", "Received credentials, a notification or a decision."
    OTHER = "other", "Any other part; say which in the note."


class Action(Vocabulary):
    """The legal effect of one act on an actor's designation."""

    LIST = (
        "list",
        "Designates, lists or bans the actor: starts a listing (also a re-listing after a delisting or lapse).",
    )
    CARRY_OVER = (
        "carry_over",
        (
            "Starts a listing on a list that took over the listings of its predecessor: the actor was listed "
            "under the earlier law, and the new law carries the listing over."
        ),
    )
    DELIST = "delist", "Removes the actor from the list or lifts the ban for good."
    SUSPEND = "suspend", "Suspends the ban or listing without removing it; it can be reinstated."
    REINSTATE = "reinstate", "Ends a suspension; the ban applies again."
    AMEND = "amend", "Changes the entry (name, aliases, scope) without changing whether it applies."
    RENEW = "renew", "Renews a time-limited listing for a new term."
    REVIEW = "review", "A periodic review that keeps the listing as it is, without a new term."


class CountBasis(Vocabulary):
    """What a published count of a list counts."""

    ENTRIES = "entries", "Every entry of the list on that date."
    ADDED_ENTRIES = (
        "added_entries",
        (
            "The entries added under the list's own law, leaving out those carried over from its predecessor "
            "(the United Kingdom's counts of 'international' organisations, without the 14 Northern Ireland ones)."
        ),
    )


class InstrumentType(Vocabulary):
    """The kind of legal instrument an act is made by."""

    STATUTE = "statute", "An Act of a legislature, or a schedule of one."
    ORDER = "order", "A statutory instrument or order made by a minister or the executive."
    REGULATION = "regulation", "Regulations made under a law (e.g. a listing regulation)."
    EXECUTIVE_ORDER = "executive_order", "An executive order or decree of a head of state or government."
    NOTICE = "notice", "A notice in an official gazette (e.g. the Federal Register, a national Gazette)."
    COURT_DECISION = "court_decision", "A decision, judgement or ruling of a court."
    RESOLUTION = "resolution", "A resolution of an international body (e.g. the UN Security Council)."
    COUNCIL_DECISION = "council_decision", "A decision or common position of a council of ministers (e.g. the EU)."
    ANNOUNCEMENT = "announcement", "A public announcement of a decision whose own instrument is not known."
    LIST_PUBLICATION = "list_publication", "The publication of an updated list by the body that keeps it."
    OTHER = "other", "Any other kind of instrument; say what it is in the note."


class Measure(Vocabulary):
    """What kind of listing an act concerns."""

    TERRORIST = "terrorist", "A list or ban of terrorist organisations."
    EXTREMIST = "extremist", "A list or ban of extremist organisations."
    BANNED = "banned", "A ban on the organisation's activity on other grounds."
    SANCTIONS = "sanctions", "Sanctions such as asset freezes, travel bans and arms embargoes."


class Scope(Vocabulary):
    """Whom an act applies to, relative to the actor it is recorded against."""

    ENTITY = "entity", "The organisation itself, as a whole."
    PART = "part", "A named part of the organisation (a wing, a faction); the scope note names it."
    ASSOCIATES = (
        "associates",
        (
            "Individuals and entities associated with the organisation, not the organisation itself; "
            "the scope note says who."
        ),
    )
