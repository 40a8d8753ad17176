"""Every visible string of the app, in Korean and English.

Keys are dotted by page. Korean is the staff's working language; English serves liaison work.
A test checks that every key has both languages and the same {placeholders} in each.
"""

from app.texts_dashboard import DASHBOARD_TEXTS
from app.texts_liaison import LIAISON_TEXTS
from app.texts_review import REVIEW_TEXTS
from app.texts_roster import ROSTER_TEXTS

TEXTS: dict[str, dict[str, str]] = {
    "app.title": {"ko": "Vigil", "en": "Vigil"},
    "app.tagline": {
        "ko": "딥페이크 성착취물 대응 업무 공간",
        "en": "The workplace against deepfake sexual abuse material",
    },
    "login.heading": {"ko": "Vigil에 로그인", "en": "Sign in to Vigil"},
    "login.body": {
        "ko": "기관 계정으로 로그인해 주세요. 모든 조회와 조치는 감사 기록에 남습니다.",
        "en": "Sign in with your agency account. Every view and action is recorded in the audit log.",
    },
    "login.button": {"ko": "기관 계정으로 로그인", "en": "Sign in with agency account"},
    "login.provider_down": {
        "ko": "로그인 서버({url})에 연결할 수 없습니다. 잠시 후 다시 시도하시고, 계속되면 관리자에게 알려 주세요.",
        "en": "The sign-in server ({url}) cannot be reached. Try again shortly; if it persists, tell an administrator.",
    },
    "login.not_configured": {
        "ko": "로그인 설정이 없습니다. .streamlit/secrets.toml의 [auth] 항목을 확인해 주세요.",
        "en": "Sign-in is not configured. Check the [auth] section of .streamlit/secrets.toml.",
    },
    "no_access.heading": {"ko": "접근 권한이 없습니다", "en": "Access not granted"},
    "no_access.body": {
        "ko": "{email} 계정으로 로그인하셨지만, Vigil에서 이 계정에 부여된 역할이 없습니다. "
        "업무에 필요하시면 소속 관리자나 시스템 관리자에게 권한을 요청해 주세요.",
        "en": "You are signed in as {email}, but this account holds no role in Vigil. "
        "If you need access for your work, please ask your manager or an administrator.",
    },
    "startup.settings_error": {
        "ko": "설정 문제로 Vigil을 시작할 수 없습니다. 다음 항목을 고쳐 주세요.",
        "en": "Vigil cannot start because of its settings. Please fix the following.",
    },
    "startup.database_error": {
        "ko": "데이터베이스에 연결할 수 없습니다.",
        "en": "The database cannot be reached.",
    },
    "nav.home": {"ko": "홈", "en": "Home"},
    "nav.profile": {"ko": "내 정보", "en": "My profile"},
    "nav.people": {"ko": "사용자와 역할", "en": "Users and roles"},
    "nav.section.general": {"ko": "일반", "en": "General"},
    "nav.staff": {"ko": "직원 명부", "en": "Staff"},
    "nav.section.manage": {"ko": "운영 관리", "en": "Management"},
    "staff.heading": {"ko": "직원 명부", "en": "Staff"},
    "staff.caption": {
        "ko": "검토 배정과 근무표 작성에 쓰이는 역할과 역량입니다.",
        "en": "Roles and skills used by the review queue and by rostering.",
    },
    "staff.column.overtime": {"ko": "연장 근무 가능", "en": "Overtime allowed"},
    "staff.help.roles": {
        "ko": "reviewer, senior_reviewer 등 역할 이름을 ;로 구분해 적습니다.",
        "en": "Role names such as reviewer, senior_reviewer, separated by ;.",
    },
    "staff.save": {"ko": "변경 내용 저장", "en": "Save changes"},
    "staff.saved": {
        "ko": "저장했습니다. 새로 등록 {added}명, 수정 {updated}명.",
        "en": "Saved: {added} added, {updated} updated.",
    },
    "staff.invalid": {
        "ko": "고칠 곳이 {count}군데 있습니다. 아무것도 저장하지 않았습니다.",
        "en": "{count} cell(s) need fixing. Nothing was saved.",
    },
    "staff.roles_admin_only": {
        "ko": "관리자·경영진·시스템 관리자 역할은 시스템 관리자만 부여할 수 있습니다. 아무것도 저장하지 않았습니다.",
        "en": "Only administrators grant the manager, leadership and admin roles. Nothing was saved.",
    },
    "staff.problem.row": {"ko": "행", "en": "Row"},
    "staff.problem.column": {"ko": "열", "en": "Column"},
    "staff.problem.what": {"ko": "문제", "en": "Problem"},
    "staff.problem.bad_email": {
        "ko": "이메일 주소 형식이 아닙니다: {value}",
        "en": "Not an e-mail address: {value}",
    },
    "staff.problem.duplicate_email": {
        "ko": "같은 이메일이 두 번 있습니다: {value}",
        "en": "This e-mail appears twice: {value}",
    },
    "staff.problem.required": {"ko": "비어 있으면 안 됩니다.", "en": "Must not be empty."},
    "staff.problem.unknown_role": {"ko": "없는 역할입니다: {value}", "en": "Unknown role: {value}"},
    "staff.problem.not_yes_no": {
        "ko": "예/아니오로 적어 주세요: {value}",
        "en": "Write yes or no: {value}",
    },
    "staff.problem.bad_hours": {
        "ko": "주 계약 시간은 0~52 사이여야 합니다: {value}",
        "en": "Contract hours must be 0–52: {value}",
    },
    "staff.problem.missing_column": {"ko": "열이 없습니다.", "en": "The column is missing."},
    "staff.csv.heading": {"ko": "CSV 가져오기·내보내기", "en": "CSV import and export"},
    "staff.csv.upload": {"ko": "직원 명부 CSV 파일", "en": "Staff CSV file"},
    "staff.csv.import": {"ko": "CSV 가져오기", "en": "Import CSV"},
    "staff.csv.prepare": {"ko": "내보낼 파일 만들기", "en": "Prepare export"},
    "staff.csv.download": {"ko": "CSV 내려받기", "en": "Download CSV"},
    "staff.column.contract_hours": {"ko": "주 계약 시간", "en": "Contract hours / week"},
    "nav.section.admin": {"ko": "관리", "en": "Administration"},
    "sidebar.signed_in_as": {"ko": "{name} 님", "en": "Signed in as {name}"},
    "sidebar.logout": {"ko": "로그아웃", "en": "Sign out"},
    "sidebar.language": {"ko": "언어", "en": "Language"},
    "role.reviewer": {"ko": "검토자", "en": "Reviewer"},
    "role.senior_reviewer": {"ko": "선임 검토자", "en": "Senior reviewer"},
    "role.manager": {"ko": "관리자(팀장)", "en": "Manager"},
    "role.leadership": {"ko": "경영진", "en": "Leadership"},
    "role.admin": {"ko": "시스템 관리자", "en": "Administrator"},
    "home.greeting": {"ko": "{name} 님, 안녕하세요.", "en": "Hello, {name}."},
    "home.your_roles": {"ko": "부여된 역할: {roles}", "en": "Your roles: {roles}"},
    "home.reviewer.heading": {"ko": "검토 업무", "en": "Review work"},
    "home.reviewer.body": {
        "ko": "검토 대기열의 자료는 항상 흐리게 표시됩니다. 필요한 부분만 잠시 선명하게 볼 수 있으며, "
        "노출 시간은 하루 한도 안에서 관리됩니다. 힘들 때는 언제든 쉬어 가세요.",
        "en": "Items in the review queue are always shown blurred. You can reveal only the part "
        "you need, for a moment, and your exposure is kept within the daily limit. "
        "Take a break whenever you need one.",
    },
    "home.staff.heading": {"ko": "인력 현황", "en": "Staff at a glance"},
    "home.staff.active": {"ko": "재직 인원", "en": "Active staff"},
    "home.staff.minors": {"ko": "아동·청소년 자료 교육 이수", "en": "Minors-trained"},
    "home.staff.hotline": {"ko": "상담 전화 교육 이수", "en": "Hotline-trained"},
    "home.staff.by_role": {"ko": "역할별 인원", "en": "Staff by role"},
    "home.staff.by_language": {"ko": "언어별 인원", "en": "Staff by language"},
    "home.column.role": {"ko": "역할", "en": "Role"},
    "home.column.language": {"ko": "언어", "en": "Language"},
    "home.column.count": {"ko": "인원", "en": "People"},
    "profile.heading": {"ko": "내 정보", "en": "My profile"},
    "profile.email": {"ko": "이메일", "en": "E-mail"},
    "profile.languages": {"ko": "업무 언어", "en": "Working languages"},
    "profile.minors_trained": {"ko": "아동·청소년 자료 교육", "en": "Minors-trained"},
    "profile.hotline_trained": {"ko": "상담 전화 교육", "en": "Hotline-trained"},
    "profile.yes": {"ko": "이수", "en": "Yes"},
    "profile.no": {"ko": "미이수", "en": "No"},
    "profile.language_saved": {
        "ko": "화면 언어를 저장했습니다.",
        "en": "Interface language saved.",
    },
    "people.heading": {"ko": "사용자와 역할", "en": "Users and roles"},
    "people.caption": {
        "ko": "역할은 로그인 서버의 그룹 정보와 이 목록의 역할을 합쳐서 정해집니다.",
        "en": "Roles are the union of the sign-in server's groups and the roles listed here.",
    },
    "people.column.name": {"ko": "이름", "en": "Name"},
    "people.column.email": {"ko": "이메일", "en": "E-mail"},
    "people.column.roles": {"ko": "역할", "en": "Roles"},
    "people.column.active": {"ko": "재직", "en": "Active"},
    "people.edit.heading": {"ko": "역할 변경", "en": "Change roles"},
    "people.edit.person": {"ko": "대상자", "en": "Person"},
    "people.edit.save": {"ko": "저장", "en": "Save"},
    "people.edit.saved": {
        "ko": "{name} 님의 역할을 저장했습니다. 변경 내역은 감사 기록에 남았습니다.",
        "en": "Saved the roles of {name}. The change is in the audit log.",
    },
    "people.edit.last_admin": {
        "ko": "마지막 시스템 관리자의 권한은 해제할 수 없습니다. 다른 관리자를 먼저 지정해 주세요.",
        "en": "The last administrator cannot lose the role. Appoint another administrator first.",
    },
    "error.access_denied": {
        "ko": "이 작업을 할 권한이 없습니다.",
        "en": "You do not have permission for this.",
    },
    # Reveal widget (app/components/reveal.py)
    "reveal.image": {
        "ko": "흐리게 처리된 검토 이미지. 드래그하면 사각형, 클릭하면 원 모양으로 잠시 선명하게 볼 수 있습니다.",
        "en": "Blurred review image. Drag for a rectangle or click for a circle to see that part sharp for a moment.",
    },
    "reveal.greyscale": {"ko": "흑백으로 보기", "en": "Greyscale"},
    "reveal.share": {"ko": "공개 영역", "en": "Revealed area"},
    "reveal.reblur": {"ko": "다시 흐리게 (Esc)", "en": "Blur again (Esc)"},
    "reveal.too_large": {
        "ko": "한 번에 공개할 수 있는 영역은 이미지의 {max_share}까지입니다. 더 작은 영역을 선택해 주세요.",
        "en": "One reveal may uncover at most {max_share} of the image. Please choose a smaller area.",
    },
    "reveal.hint": {
        "ko": "키보드: 이미지에서 화살표로 위치를 옮기고 Enter로 공개, Esc로 바로 다시 흐리게 합니다.",
        "en": "Keyboard: on the image, arrows move the spot, Enter reveals it, Esc blurs it again at once.",
    },
    "reveal.revealed": {
        "ko": "선택한 부분만 잠시 선명하게 표시됩니다. 곧 자동으로 다시 흐려집니다.",
        "en": "Only the chosen part is sharp, for a moment. It blurs again by itself.",
    },
    # Break activity (app/components/break_game.py)
    "break_game.intro": {
        "ko": "잠시 쉬어 가세요. 블록을 천천히 맞춰 보며 머리를 식히는 활동입니다. 점수도 시간 제한도 없습니다.",
        "en": "Take a moment. Fit the blocks together at your own pace; there is no score and no time limit.",
    },
    "break_game.board": {
        "ko": "블록 맞추기 놀이판. 화살표 키: 왼쪽·오른쪽 이동, 위 회전, 아래 내리기.",
        "en": "Falling blocks board. Arrow keys: left and right move, up turns, down drops.",
    },
    "break_game.lines": {"ko": "완성한 줄", "en": "Lines cleared"},
    "break_game.fresh_start": {
        "ko": "새 판으로 이어서 해 보세요.",
        "en": "A fresh board to carry on.",
    },
    "break_game.left": {"ko": "왼쪽으로", "en": "Move left"},
    "break_game.right": {"ko": "오른쪽으로", "en": "Move right"},
    "break_game.down": {"ko": "아래로", "en": "Move down"},
    "break_game.rotate": {"ko": "돌리기", "en": "Turn"},
    "break_game.pause": {"ko": "잠시 멈춤", "en": "Pause"},
    "break_game.resume": {"ko": "계속하기", "en": "Resume"},
    "break_game.done": {"ko": "이제 괜찮아요", "en": "I'm done"},
}

# Each area keeps its texts in its own module; they all join the one catalogue here.
TEXTS.update(ROSTER_TEXTS)
TEXTS.update(LIAISON_TEXTS)
TEXTS.update(REVIEW_TEXTS)
TEXTS.update(DASHBOARD_TEXTS)
