"""Texts of the hotline desk, the platform directory and the evidence page, in Korean and English.

Kept apart from `texts.py` so the liaison pages can grow without conflicting edits; `texts.py`
merges this table into `TEXTS`.
"""

LIAISON_TEXTS: dict[str, dict[str, str]] = {
    "nav.section.liaison": {"ko": "피해자 지원·대외 협력", "en": "Victims and liaison"},
    "nav.hotline": {"ko": "상담 데스크", "en": "Hotline desk"},
    "nav.platforms": {"ko": "플랫폼·처리 기한", "en": "Platforms and deadlines"},
    "nav.evidence": {"ko": "수사기관 증거 패키지", "en": "Police evidence"},
    # Danger panel
    "hotline.danger.heading": {
        "ko": "위험에 처해 있다면 지금 바로 연락하세요",
        "en": "If you are in danger, call now",
    },
    "hotline.danger.body": {
        "ko": "상담 중 피해자가 위험하다고 느끼면 아래 번호로 바로 연결해 주세요.",
        "en": "If the caller is in danger, put them through to one of these numbers at once.",
    },
    # Desk
    "hotline.heading": {"ko": "24시간 상담 데스크", "en": "24-hour hotline desk"},
    "hotline.caption": {
        "ko": "이 화면에는 피해 자료가 표시되지 않습니다. 연락처는 상담 담당자와 관리자만 볼 수 "
        "있으며, 열람할 때마다 감사 기록에 남습니다.",
        "en": "No material is shown on this desk. Contact details are visible only to hotline "
        "staff and managers, and every opening is recorded in the audit log.",
    },
    "hotline.not_on_desk": {
        "ko": "상담 데스크는 상담 교육을 이수했거나 상담 근무에 배정된 검토자, 그리고 관리자만 "
        "사용할 수 있습니다.",
        "en": "The desk is open to reviewers trained for or rostered on the hotline, "
        "and to managers.",
    },
    "hotline.tab.contact": {"ko": "상담 기록", "en": "Log a contact"},
    "hotline.tab.request": {"ko": "삭제 요청 접수", "en": "Removal request"},
    "hotline.tab.status": {"ko": "진행 상황 조회", "en": "Status lookup"},
    "hotline.tab.history": {"ko": "최근 상담", "en": "Recent contacts"},
    # Contact log
    "hotline.contact.date": {"ko": "날짜", "en": "Date"},
    "hotline.contact.start": {"ko": "시작 시각", "en": "Start time"},
    "hotline.contact.end": {"ko": "종료 시각", "en": "End time"},
    "hotline.contact.channel": {"ko": "경로", "en": "Channel"},
    "hotline.contact.language": {"ko": "상담 언어", "en": "Language"},
    "hotline.contact.outcome": {"ko": "결과", "en": "Outcome"},
    "hotline.contact.save": {"ko": "상담 기록 저장", "en": "Save contact"},
    "hotline.contact.saved": {
        "ko": "상담 기록을 저장했습니다 ({minutes}분).",
        "en": "Contact saved ({minutes} min).",
    },
    "channel.phone": {"ko": "전화", "en": "Phone"},
    "channel.web_form": {"ko": "웹 신고", "en": "Web form"},
    "channel.messenger": {"ko": "메신저", "en": "Messenger"},
    "outcome.request_filed": {"ko": "삭제 요청 접수", "en": "Removal request filed"},
    "outcome.status_given": {"ko": "진행 상황 안내", "en": "Status given"},
    "outcome.advice_given": {"ko": "상담·정보 제공", "en": "Advice given"},
    "outcome.referred": {"ko": "유관 기관 연계", "en": "Referred elsewhere"},
    "outcome.emergency": {"ko": "긴급 연결", "en": "Put through to emergency help"},
    "outcome.dropped": {"ko": "통화 끊김", "en": "Dropped"},
    "outcome.not_in_scope": {"ko": "소관 외", "en": "Not in scope"},
    # Victim request
    "hotline.request.urls": {
        "ko": "자료가 올라온 주소(URL), 한 줄에 하나씩",
        "en": "Addresses (URLs) where the material appears, one per line",
    },
    "hotline.request.files": {
        "ko": "피해자가 보내 준 파일 (화면에 표시되지 않습니다)",
        "en": "Files the victim provided (they are not displayed)",
    },
    "hotline.request.consent": {
        "ko": "피해자가 기관이 본인을 대신해 삭제·차단을 요청하는 데 동의했습니다.",
        "en": "The victim consents to the agency requesting removal or blocking on their behalf.",
    },
    "hotline.request.minor": {
        "ko": "미성년자가 관련되었을 수 있음",
        "en": "A minor may be involved",
    },
    "hotline.request.contact_heading": {
        "ko": "연락처 (암호화 보관, 상담 데스크에서만 열람)",
        "en": "Contact (stored encrypted, visible only on the hotline desk)",
    },
    "hotline.request.name": {"ko": "이름 또는 호칭", "en": "Name or how to address them"},
    "hotline.request.phone": {"ko": "전화번호", "en": "Phone"},
    "hotline.request.email": {"ko": "이메일", "en": "E-mail"},
    "hotline.request.preferred": {
        "ko": "선호하는 연락 방법",
        "en": "Preferred way to be contacted",
    },
    "hotline.request.message_ok": {
        "ko": "메시지를 남겨도 안전함",
        "en": "Safe to leave a message",
    },
    "hotline.request.language": {"ko": "안내 언어", "en": "Language for updates"},
    "hotline.request.submit": {"ko": "요청 접수", "en": "File the request"},
    "hotline.request.filed": {
        "ko": "접수했습니다. 피해자에게 접수 번호 {reference} 를 알려 주세요.",
        "en": "Filed. Give the victim the reference {reference}.",
    },
    "hotline.request.rejected_file": {
        "ko": "{position}번째 파일은 접수하지 못했습니다: {reason}",
        "en": "File {position} could not be taken: {reason}",
    },
    # Status lookup
    "hotline.status.reference": {"ko": "접수 번호", "en": "Reference"},
    "hotline.status.lookup": {"ko": "조회", "en": "Look up"},
    "hotline.status.steps": {"ko": "피해자에게 안내할 내용", "en": "What to tell the victim"},
    "hotline.status.show_contact": {
        "ko": "피해자 연락처 보기 (감사 기록에 남습니다)",
        "en": "Show the victim's contact (recorded in the audit log)",
    },
    "hotline.status.no_contact": {
        "ko": "피해자가 연락처를 남기지 않았습니다.",
        "en": "The victim left no contact details.",
    },
    "hotline.message.heading": {"ko": "안내 메시지 준비", "en": "Prepare an update message"},
    "hotline.message.kind": {"ko": "메시지 종류", "en": "Message"},
    "hotline.message.language": {"ko": "메시지 언어", "en": "Message language"},
    "hotline.message.caption": {
        "ko": "Vigil은 문안만 준비합니다. 복사해서 피해자가 원하는 방법으로 직접 보내 주세요.",
        "en": "Vigil only prepares the text. Copy it and send it the way the victim chose.",
    },
    "message.received": {"ko": "접수 안내", "en": "Request received"},
    "message.status_update": {"ko": "진행 상황 안내", "en": "Status update"},
    "hotline.history.empty": {"ko": "아직 기록된 상담이 없습니다.", "en": "No contacts yet."},
    "hotline.column.started": {"ko": "시작", "en": "Started"},
    "hotline.column.minutes": {"ko": "소요(분)", "en": "Minutes"},
    # Platforms
    "platforms.heading": {"ko": "플랫폼 목록과 처리 기한", "en": "Platforms and deadlines"},
    "platforms.caption": {
        "ko": "플랫폼별 연락 창구, 합의된 회신 기한, 기한을 넘긴 요청의 단계별 연락처입니다.",
        "en": "Each platform's contact channels, the agreed response time, and who an overdue "
        "request goes to next.",
    },
    "platforms.column.code": {"ko": "코드", "en": "Code"},
    "platforms.column.name": {"ko": "플랫폼", "en": "Platform"},
    "platforms.column.hosts": {"ko": "도메인", "en": "Hosts"},
    "platforms.column.contacts": {"ko": "연락 창구", "en": "Contact channels"},
    "platforms.column.escalation": {"ko": "단계별 연락처", "en": "Escalation ladder"},
    "platforms.column.hours": {"ko": "합의 회신 기한(시간)", "en": "Agreed response (hours)"},
    "platforms.column.language": {"ko": "요청서 언어", "en": "Letter language"},
    "platforms.column.active": {"ko": "사용", "en": "Active"},
    "platforms.save": {"ko": "목록 저장", "en": "Save directory"},
    "platforms.saved": {
        "ko": "{count}개 플랫폼 정보를 저장했습니다.",
        "en": "Saved {count} platform(s).",
    },
    "platforms.read_only": {
        "ko": "목록 수정은 관리자(팀장)만 할 수 있습니다.",
        "en": "Only managers can edit the directory.",
    },
    "platforms.overdue.heading": {"ko": "기한을 넘긴 요청", "en": "Overdue requests"},
    "platforms.overdue.none": {
        "ko": "기한을 넘긴 요청이 없습니다.",
        "en": "No request is past its agreed time.",
    },
    "platforms.overdue.flag": {"ko": "다음 단계로 독촉", "en": "Escalate now"},
    "platforms.overdue.flagged": {
        "ko": "{count}건을 다음 연락처로 독촉했습니다.",
        "en": "Escalated {count} request(s) to the next contact.",
    },
    "platforms.column.takedown": {"ko": "요청 번호", "en": "Request"},
    "platforms.column.hours_overdue": {"ko": "초과 시간", "en": "Hours overdue"},
    "platforms.column.level": {"ko": "독촉 단계", "en": "Escalations"},
    "platforms.column.next": {"ko": "다음 연락처", "en": "Next contact"},
    "platforms.counts.heading": {"ko": "플랫폼별 현황", "en": "By platform"},
    "platforms.column.awaiting": {"ko": "회신 대기", "en": "Awaiting"},
    "platforms.column.overdue": {"ko": "기한 초과", "en": "Overdue"},
    "platforms.column.escalations": {"ko": "독촉 누계", "en": "Escalations"},
    "platforms.letter.heading": {"ko": "삭제 요청서", "en": "Request letter"},
    "platforms.letter.takedown": {"ko": "요청 번호", "en": "Takedown request"},
    "platforms.letter.language": {"ko": "언어", "en": "Language"},
    "platforms.letter.make": {"ko": "요청서 만들기", "en": "Make the letter"},
    "platforms.letter.to": {"ko": "수신: {recipient}", "en": "To: {recipient}"},
    "platforms.export": {
        "ko": "{platform} 요청 목록 내려받기 (CSV)",
        "en": "Download requests to {platform} (CSV)",
    },
    "platforms.letter.none": {
        "ko": "아직 삭제 요청이 없습니다.",
        "en": "There are no takedown requests yet.",
    },
    # Evidence
    "evidence.heading": {"ko": "수사기관 증거 패키지", "en": "Police evidence package"},
    "evidence.caption": {
        "ko": "수사 의뢰된 사건의 원본, 해시값, 결정 내역, 감사 기록을 암호화된 ZIP으로 묶고 "
        "서명합니다. 패키지를 만드는 일은 감사 기록에 남습니다.",
        "en": "Bundles a referred case's originals, hashes, decisions and audit extract into an "
        "encrypted, signed zip. Building a package is recorded in the audit log.",
    },
    "evidence.none": {
        "ko": "수사 의뢰된 사건이 없습니다.",
        "en": "No case has been referred to the police.",
    },
    "evidence.case": {"ko": "사건", "en": "Case"},
    "evidence.case_label": {
        "ko": "사건 {case} · 파일 {items}개 · 만든 패키지 {built}개",
        "en": "Case {case} · {items} file(s) · {built} package(s) built",
    },
    "evidence.build": {"ko": "패키지 만들기", "en": "Build the package"},
    "evidence.password": {
        "ko": "비밀번호는 지금 한 번만 표시됩니다. 담당 수사관에게 패키지와 다른 경로로 전달해 "
        "주세요.",
        "en": "The password is shown this once. Give it to the officer by a different channel "
        "than the package.",
    },
    "evidence.download": {"ko": "패키지 내려받기", "en": "Download the package"},
    "evidence.fingerprint": {
        "ko": "서명 공개키 지문: {fingerprint}",
        "en": "Signing key fingerprint: {fingerprint}",
    },
    "evidence.verify_hint": {
        "ko": "검증: python -m liaison verify-package 파일 --password-file 비밀번호파일",
        "en": "Verify with: python -m liaison verify-package FILE --password-file PASSWORD_FILE",
    },
    # Errors
    "liaison.error": {
        "ko": "처리하지 못했습니다: {detail}",
        "en": "This could not be done: {detail}",
    },
    "liaison.not_on_hotline": {
        "ko": "상담 데스크 권한이 없습니다.",
        "en": "You are not on the hotline desk.",
    },
    "liaison.contact_ends_before_start": {
        "ko": "종료 시각이 시작 시각보다 빠릅니다.",
        "en": "The end time is before the start time.",
    },
    "liaison.contact_too_long": {
        "ko": "상담 시간이 {hours}시간을 넘습니다. 날짜와 시각을 확인해 주세요.",
        "en": "The contact lasts over {hours} hours. Check the date and times.",
    },
    "liaison.contact_in_future": {
        "ko": "아직 오지 않은 시각입니다. 날짜와 시각을 확인해 주세요.",
        "en": "That time has not come yet. Check the date and times.",
    },
    "liaison.contact_language": {
        "ko": "언어 코드가 올바르지 않습니다: {language}",
        "en": "Not a language code: {language}",
    },
    "liaison.request_needs_consent": {
        "ko": "피해자의 동의 없이는 접수할 수 없습니다. 동의 여부를 확인해 주세요.",
        "en": "The request cannot be filed without the victim's consent.",
    },
    "liaison.request_needs_material": {
        "ko": "주소(URL)나 파일을 하나 이상 입력해 주세요.",
        "en": "Give at least one address (URL) or one file.",
    },
    "liaison.request_no_usable_file": {
        "ko": "받은 파일을 하나도 처리할 수 없어 접수하지 않았습니다. 주소(URL)를 함께 적거나 다른 파일을 받아 다시 접수해 주세요. 이유: {reasons}",
        "en": "None of the files could be taken in, so nothing was filed. Add the address (URL) or ask for another file and file it again. Reasons: {reasons}",
    },
    "liaison.request_too_many": {
        "ko": "한 번에 주소는 {urls}개, 파일은 {files}개까지 접수할 수 있습니다.",
        "en": "One request takes at most {urls} addresses and {files} files.",
    },
    "liaison.request_bad_url": {
        "ko": "올바른 웹 주소가 아닙니다: {url}",
        "en": "Not a web address: {url}",
    },
    "liaison.reference_unknown": {
        "ko": "해당 접수 번호를 찾을 수 없습니다. 번호를 다시 확인해 주세요.",
        "en": "No request has this reference. Please check it again.",
    },
    "liaison.platform_invalid": {
        "ko": "플랫폼 정보를 저장할 수 없습니다: {detail}",
        "en": "The directory could not be saved: {detail}",
    },
    "liaison.not_referred": {
        "ko": "수사 의뢰 결정이 없는 사건입니다.",
        "en": "This case has not been referred to the police.",
    },
    "liaison.evidence_unavailable": {
        "ko": "원본 파일을 열 수 없어 패키지를 만들 수 없습니다 (파일 {item}).",
        "en": "An original cannot be opened, so no package was built (item {item}).",
    },
}
