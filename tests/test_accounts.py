"""Accounts (issue 9): strong passwords, the login audit, lockout after repeated failures (django-axes),
session expiry, and the optional TOTP second factor for the office and signers (django-otp)."""

import json
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts import services
from accounts.choices import LoginEventAction, OtpState
from accounts.models import ApiToken, LoginEvent
from accounts.selectors import api_token_digest, otp_offered, otp_required
from core.http import client_ip
from organizations.tests.factories import PASSWORD, UserFactory

LOGIN_URL = "/admin/login/?next=/admin/"
TWO_FACTOR_URL = "/admin/two-factor/"
VERIFY_URL = "/admin/two-factor/verify/"
TOKEN_URL = "/api/v1/auth/token/"


def code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the person's authenticator app shows now (or `steps_ahead` 30-second steps later)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def log_in(client: Client, username: str, password: str = PASSWORD, ip: str = "10.1.1.1"):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip)


def events(action: LoginEventAction, **filters):
    return LoginEvent.objects.filter(action=action, **filters)


def with_authenticator(client: Client, user) -> TOTPDevice:
    """`user` signs in and sets up an authenticator on the 双因素认证 page; the client stays signed in."""
    assert log_in(client, user.username).status_code == 302
    assert client.get(TWO_FACTOR_URL).status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(TWO_FACTOR_URL, {"token": code(device)})
    assert response.status_code == 302, response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    return device


# ---------------------------------------------------------------------------------------------
# Passwords
# ---------------------------------------------------------------------------------------------
class TestPasswords:
    def messages(self, password: str, user=None) -> list[str]:
        with pytest.raises(ValidationError) as caught:
            validate_password(password, user)
        return caught.value.messages

    def test_twelve_characters_at_least(self, db):
        assert any("12" in m for m in self.messages("Qs-2026-abc"))  # 11 characters, three classes

    def test_three_of_four_character_classes(self, db):
        messages = self.messages("qingshanxianzhengfu")  # long, but lower case only
        assert "密码须包含大写字母、小写字母、数字和特殊字符中的至少 3 类（当前只有 1 类）。" in messages
        self.messages("qingshanxian2026")  # two classes are not enough
        validate_password("qingshan-xian2026")  # lower case, digits, a symbol
        validate_password("Qingshanxian2026")  # upper, lower, digits
        validate_password("青山县政府信息公开2026ab")  # Chinese characters count as "other"

    def test_not_like_the_username_nor_common_nor_numeric(self, db):
        user = UserFactory(username="zhangsanfeng", first_name="三丰", email="zhangsanfeng@example.gov.cn")
        assert self.messages("Zhangsanfeng1!", user)
        assert "这个密码太常见了。" in self.messages("Qwerty123456")  # from the list of common passwords
        assert any("数字" in m for m in self.messages("202620262026"))

    def test_help_text_is_chinese(self):
        from accounts.validators import CharacterClassesValidator

        assert (
            CharacterClassesValidator().get_help_text()
            == "密码须包含大写字母、小写字母、数字和特殊字符中的至少 3 类。"
        )


# ---------------------------------------------------------------------------------------------
# Where a request comes from
# ---------------------------------------------------------------------------------------------
class TestClientIp:
    def test_remote_addr_without_proxies(self, settings):
        settings.PORTAL_PROXY_COUNT = 0
        request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.1")
        assert client_ip(request) == "203.0.113.5", "X-Forwarded-For is not trusted without a proxy"

    def test_the_address_the_trusted_proxy_saw(self, settings):
        settings.PORTAL_PROXY_COUNT = 1
        request = RequestFactory().get(
            "/",
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9",  # 1.1.1.1 is made up by the client
        )
        assert client_ip(request) == "203.0.113.9"

    def test_garbage_is_no_address(self, settings):
        settings.PORTAL_PROXY_COUNT = 1
        assert client_ip(RequestFactory().get("/", HTTP_X_FORWARDED_FOR="not-an-ip")) is None
        assert client_ip(None) is None


# ---------------------------------------------------------------------------------------------
# Login audit
# ---------------------------------------------------------------------------------------------
class TestLoginAudit:
    def test_login_and_logout_are_recorded(self, org):
        client = Client()
        response = log_in(client, "clerk", ip="10.2.3.4")
        assert response.status_code == 302
        login = events(LoginEventAction.LOGIN).get()
        assert (login.user, login.username, login.ip_address, login.path) == (
            org.clerk,
            "clerk",
            "10.2.3.4",
            "/admin/login/",
        )
        client.post("/admin/logout/", REMOTE_ADDR="10.2.3.4")
        assert events(LoginEventAction.LOGOUT, user=org.clerk).count() == 1

    def test_a_failed_login_keeps_the_username_tried_never_the_password(self, org):
        log_in(Client(), "clerk", password="Secret-Guess-123")
        log_in(Client(), "nobody-here", password="Secret-Guess-456")
        failed = {event.username: event for event in events(LoginEventAction.LOGIN_FAILED)}
        assert failed["clerk"].user == org.clerk
        assert failed["nobody-here"].user is None
        for event in failed.values():
            row = json.dumps([event.username, event.user_agent, event.path, event.data], ensure_ascii=False)
            assert "Secret-Guess" not in row

    def test_the_audit_is_append_only(self, org):
        event = services.login_event_record(action=LoginEventAction.LOGIN, user=org.clerk)
        with pytest.raises(TypeError):
            event.save()
        with pytest.raises(TypeError):
            event.delete()

    def test_the_office_reads_its_peoples_events_in_the_admin(self, org):
        log_in(Client(), "clerk")
        log_in(Client(), "nobody-here", password="wrong-password")
        outsider = UserFactory(username="elsewhere")
        services.login_event_record(action=LoginEventAction.LOGIN, user=outsider)

        office = Client()
        office.force_login(org.office)
        response = office.get("/admin/accounts/loginevent/")
        assert response.status_code == 200
        listed = {event.username for event in response.context["cl"].result_list}
        assert "clerk" in listed and "office" in listed
        assert "elsewhere" not in listed and "nobody-here" not in listed  # not the office's people
        event = events(LoginEventAction.LOGIN, user=org.clerk).first()
        assert office.get(f"/admin/accounts/loginevent/{event.pk}/change/").status_code == 200
        assert office.post(f"/admin/accounts/loginevent/{event.pk}/delete/").status_code == 403
        assert office.get("/admin/accounts/loginevent/add/").status_code == 403

        clerk = Client()
        clerk.force_login(org.clerk)
        assert clerk.get("/admin/accounts/loginevent/").status_code == 403

        superuser = Client()
        superuser.force_login(UserFactory(is_superuser=True))
        listed = {
            event.username for event in superuser.get("/admin/accounts/loginevent/").context["cl"].result_list
        }
        assert {"elsewhere", "nobody-here"} <= listed


# ---------------------------------------------------------------------------------------------
# Lockout (django-axes)
# ---------------------------------------------------------------------------------------------
class TestLockout:
    def fail(self, times: int, username: str = "clerk", ip: str = "10.9.9.9"):
        return [log_in(Client(), username, password="wrong-password", ip=ip) for _ in range(times)]

    def test_five_failures_lock_the_username_at_that_address_for_fifteen_minutes(self, org):
        responses = self.fail(4)
        assert all(r.status_code == 200 for r in responses), "four wrong passwords: the form again"
        fifth = self.fail(1)[0]
        assert fifth.status_code == 429
        content = fifth.content.decode()
        assert "登录失败次数过多，该账号已被临时锁定，请 15 分钟后再试" in content

        refused = log_in(Client(), "clerk", ip="10.9.9.9")
        assert refused.status_code == 429, "the right password does not help while locked"
        assert SESSION_KEY not in refused.wsgi_request.session
        assert log_in(Client(), "clerk", ip="10.8.8.8").status_code == 302, "another address is not locked"
        assert log_in(Client(), "reviewer", ip="10.9.9.9").status_code == 302, (
            "another username is not locked"
        )

        lock = events(LoginEventAction.LOCKED_OUT).get()
        assert (lock.user, lock.ip_address, lock.data) == (org.clerk, "10.9.9.9", {"failures": 5})

        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
        assert log_in(Client(), "clerk", ip="10.9.9.9").status_code == 302, "unlocked after 15 minutes"

    def test_a_success_clears_the_count(self, org):
        self.fail(4)
        assert log_in(Client(), "clerk", ip="10.9.9.9").status_code == 302
        self.fail(4)
        assert log_in(Client(), "clerk", ip="10.9.9.9").status_code == 302

    def test_the_api_token_door_counts_and_locks_too(self, org):
        api = APIClient(REMOTE_ADDR="10.7.7.7")
        for _ in range(5):
            assert (
                api.post(
                    TOKEN_URL, {"username": "clerk", "password": "wrong-password"}, format="json"
                ).status_code
                == 400
            )
        response = api.post(TOKEN_URL, {"username": "clerk", "password": PASSWORD}, format="json")
        assert response.status_code == 400
        assert "锁定" in json.dumps(response.json(), ensure_ascii=False)
        assert not ApiToken.objects.filter(user=org.clerk).exists()
        assert log_in(Client(), "clerk", ip="10.7.7.7").status_code == 429, "one count for both doors"

    def test_the_office_lifts_a_lockout_early(self, org):
        self.fail(5)
        self.fail(5, username="elsewhere")
        office = Client()
        office.force_login(org.office)
        response = office.get("/admin/accounts/loginlockout/")
        assert response.status_code == 200
        assert [a.username for a in response.context["cl"].result_list] == ["clerk"], (
            "only the office's people"
        )
        attempt = AccessAttempt.objects.get(username="clerk")
        response = office.post(
            "/admin/accounts/loginlockout/", {"action": "release_selected", "_selected_action": [attempt.pk]}
        )
        assert response.status_code == 302
        assert not AccessAttempt.objects.filter(username="clerk").exists()
        assert events(LoginEventAction.UNLOCKED).get().data["by"] == "office"
        assert log_in(Client(), "clerk", ip="10.9.9.9").status_code == 302


# ---------------------------------------------------------------------------------------------
# Sessions
# ---------------------------------------------------------------------------------------------
class TestSessions:
    def signed_in(self) -> Client:
        client = Client()
        assert log_in(client, "clerk").status_code == 302
        return client

    def age(self, client: Client, *, login_ago: float, seen_ago: float) -> None:
        session = client.session
        now = time.time()
        session[services.SESSION_LOGIN_AT] = now - login_ago
        session[services.SESSION_SEEN_AT] = now - seen_ago
        session.save()

    def test_the_session_cookie_ends_with_the_browser(self, org):
        cookie = self.signed_in().cookies["sessionid"]
        assert not cookie["max-age"] and not cookie["expires"]
        assert cookie["httponly"]

    def test_thirty_minutes_without_a_request_sign_out(self, org):
        client = self.signed_in()
        self.age(client, login_ago=29 * 60, seen_ago=29 * 60)
        assert client.get("/admin/").status_code == 200, "29 minutes: still signed in"
        self.age(client, login_ago=40 * 60, seen_ago=31 * 60)
        response = client.get("/admin/", follow=True)
        assert response.redirect_chain[-1][0].startswith("/admin/login/")
        assert "长时间未操作，已自动退出登录" in response.content.decode()
        expired = events(LoginEventAction.SESSION_EXPIRED).get()
        assert (expired.username, expired.data) == ("clerk", {"reason": "idle"})

    def test_eight_hours_after_signing_in_whatever_happens(self, settings, org):
        client = self.signed_in()
        self.age(client, login_ago=8 * 3600 + 60, seen_ago=10)
        response = client.get("/admin/")
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
        assert events(LoginEventAction.SESSION_EXPIRED).get().data == {"reason": "absolute"}

    def test_the_idle_clock_moves_at_most_once_a_minute(self, org):
        client = self.signed_in()
        self.age(client, login_ago=120, seen_ago=90)
        client.get("/admin/")
        assert time.time() - client.session[services.SESSION_SEEN_AT] < 5
        self.age(client, login_ago=120, seen_ago=30)
        client.get("/admin/")
        assert 25 < time.time() - client.session[services.SESSION_SEEN_AT] < 40, "no session write for 30 s"


# ---------------------------------------------------------------------------------------------
# Second factor (TOTP)
# ---------------------------------------------------------------------------------------------
class TestTwoFactor:
    def test_offered_to_the_office_and_signers(self, org, settings):
        assert otp_offered(org.office) and otp_offered(org.signer)
        assert not otp_offered(org.clerk) and not otp_offered(org.reviewer)
        assert not otp_required(org.office), "optional by default"
        settings.PORTAL_OTP_REQUIRED_ROLES = ["signer"]
        assert otp_required(org.signer) and not otp_required(org.office)

    def test_the_admin_header_links_the_page_for_those_it_is_offered_to(self, org):
        signer, clerk = Client(), Client()
        signer.force_login(org.signer)
        clerk.force_login(org.clerk)
        assert 'id="two-factor-link"' in signer.get("/admin/").content.decode()
        assert 'id="two-factor-link"' not in clerk.get("/admin/").content.decode()
        page = clerk.get(TWO_FACTOR_URL).content.decode()
        assert "您的岗位无需设置" in page and "totp-qr" not in page
        assert not TOTPDevice.objects.exists()

    def test_set_up_with_a_qr_code_and_a_code(self, org):
        client = Client()
        log_in(client, "signer")
        response = client.get(TWO_FACTOR_URL)
        assert response["Cache-Control"].startswith("max-age=0") and "no-store" in response["Cache-Control"]
        page = response.content.decode()
        assert '<svg width="' in page and 'id="totp-secret"' in page
        assert "<img" not in page and "style=" not in page, (
            "an inline SVG needs no image request and no style"
        )
        device = TOTPDevice.objects.get(user=org.signer)
        assert not device.confirmed

        wrong = client.post(TWO_FACTOR_URL, {"token": "000000" if code(device) != "000000" else "111111"})
        assert wrong.status_code == 200
        assert "验证码不正确" in wrong.content.decode()
        assert events(LoginEventAction.OTP_FAILED, user=org.signer).exists()
        device.refresh_from_db()
        assert not device.confirmed

        device.throttle_reset()  # django-otp makes the next try wait a second after a wrong code
        response = client.post(TWO_FACTOR_URL, {"token": code(device)})
        assert response.status_code == 302
        device.refresh_from_db()
        assert device.confirmed
        assert events(LoginEventAction.OTP_CONFIRMED, user=org.signer).exists()
        assert client.get("/admin/").status_code == 200, "the session that set it up counts as verified"
        assert "已启用" in client.get(TWO_FACTOR_URL).content.decode()

    def test_once_set_up_the_admin_login_asks_for_the_code(self, org):
        device = with_authenticator(Client(), org.signer)
        client = Client()
        response = log_in(client, "signer")
        assert response.status_code == 302
        for path in ["/admin/", "/admin/disclosures/disclosure/", "/dashboard/", "/inbox/", "/"]:
            response = client.get(path)
            assert response.status_code == 302 and response["Location"].startswith(VERIFY_URL), path
        assert client.get("/api/v1/disclosures/").status_code == 403, "nor through the API with the session"

        page = client.get(response["Location"])
        assert page.status_code == 200
        assert "请打开手机上的身份验证器" in page.content.decode()
        assert "two-factor-link" not in page.content.decode(), "no admin links before the code"

        bad = client.post(VERIFY_URL, {"token": "12345", "next": "/admin/"})
        assert "请输入 6 位数字验证码" in bad.content.decode()
        response = client.post(
            VERIFY_URL, {"token": code(device, steps_ahead=1), "next": "/admin/disclosures/disclosure/"}
        )
        assert response.status_code == 302 and response["Location"] == "/admin/disclosures/disclosure/"
        assert client.get("/admin/").status_code == 200
        assert events(LoginEventAction.OTP_VERIFIED, user=org.signer).count() == 1

    def test_a_code_is_good_once(self, org):
        device = with_authenticator(Client(), org.signer)
        used = code(device)  # accepted when the authenticator was set up
        client = Client()
        log_in(client, "signer")
        response = client.post(VERIFY_URL, {"token": used})
        assert response.status_code == 200
        assert "验证码不正确或已使用过" in response.content.decode()
        assert client.get("/admin/").status_code == 302

    def test_wrong_codes_make_the_next_try_wait(self, org):
        device = with_authenticator(Client(), org.signer)
        client = Client()
        log_in(client, "signer")
        right = code(device, steps_ahead=1)
        wrong = "000000" if right != "000000" else "111111"
        client.post(VERIFY_URL, {"token": wrong})
        response = client.post(VERIFY_URL, {"token": right})
        assert "验证码连续错误 1 次，请于" in response.content.decode()
        assert client.get("/admin/").status_code == 302

    def test_the_verify_page_refuses_a_foreign_next(self, org):
        device = with_authenticator(Client(), org.signer)
        client = Client()
        log_in(client, "signer")
        response = client.post(
            VERIFY_URL, {"token": code(device, steps_ahead=1), "next": "https://evil.example.com/"}
        )
        assert response["Location"] == "/admin/"

    def test_turning_it_off_takes_a_code(self, org):
        client = Client()
        device = with_authenticator(client, org.signer)
        response = client.post(TWO_FACTOR_URL, {"token": code(device, steps_ahead=1)})
        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=org.signer).exists()
        assert events(LoginEventAction.OTP_REMOVED, user=org.signer).exists()
        other = Client()
        log_in(other, "signer")
        assert other.get("/admin/").status_code == 200, "password only again"

    def test_a_required_role_must_set_it_up_first_and_cannot_turn_it_off(self, org, settings):
        settings.PORTAL_OTP_REQUIRED_ROLES = ["office"]
        client = Client()
        log_in(client, "office")
        assert client.session[services.SESSION_OTP_STATE] == OtpState.SETUP_REQUIRED
        response = client.get("/admin/")
        assert response.status_code == 302 and response["Location"].startswith(TWO_FACTOR_URL)
        page = client.get(TWO_FACTOR_URL).content.decode()
        assert "完成以下设置后才能继续使用管理后台" in page
        assert "inbox-link" not in page, "no admin links before the set-up"
        device = TOTPDevice.objects.get(user=org.office)
        assert (
            client.post(TWO_FACTOR_URL, {"token": code(device), "next": "/dashboard/"})["Location"]
            == "/dashboard/"
        )
        assert client.get("/admin/").status_code == 200

        page = client.get(TWO_FACTOR_URL).content.decode()
        assert "不能停用" in page and 'id="two-factor-remove"' not in page
        with pytest.raises(ValidationError, match="不能停用"):
            services.otp_device_remove(request=None, user=org.office, token=code(device, steps_ahead=1))

    def test_a_superuser_resets_a_lost_authenticator(self, org):
        device = with_authenticator(Client(), org.signer)
        admin = Client()
        admin.force_login(UserFactory(is_superuser=True, username="root"))
        response = admin.post(
            "/admin/otp_totp/totpdevice/", {"action": "reset_selected", "_selected_action": [device.pk]}
        )
        assert response.status_code == 302
        assert not TOTPDevice.objects.exists()
        assert events(LoginEventAction.OTP_REMOVED, user=org.signer).get().data == {"by": "root"}
        office = Client()
        office.force_login(org.office)
        assert office.get("/admin/otp_totp/totpdevice/").status_code == 403, "resets are for superusers"

        client = Client()
        log_in(client, "signer")
        assert client.get("/admin/").status_code == 200, "signs in with the password, sets a new one up"


class TestTwoFactorApiToken:
    def test_a_user_with_an_authenticator_sends_the_code(self, org):
        device = with_authenticator(Client(), org.signer)
        api = APIClient()
        missing = api.post(TOKEN_URL, {"username": "signer", "password": PASSWORD}, format="json")
        assert missing.status_code == 400
        assert "otp_token" in missing.json()
        assert not ApiToken.objects.filter(user=org.signer).exists()
        response = api.post(
            TOKEN_URL,
            {"username": "signer", "password": PASSWORD, "otp_token": code(device, steps_ahead=1)},
            format="json",
        )
        assert response.status_code == 200
        token = ApiToken.objects.get(user=org.signer)
        assert token.key_hash == api_token_digest(response.json()["token"])
        assert token.otp_verified and response.json()["otp_verified"] is True
        assert events(LoginEventAction.API_TOKEN, user=org.signer).count() == 1

    def test_a_required_role_without_an_authenticator_gets_no_token(self, org, settings):
        settings.PORTAL_OTP_REQUIRED_ROLES = ["signer"]
        response = APIClient().post(TOKEN_URL, {"username": "signer", "password": PASSWORD}, format="json")
        assert response.status_code == 400
        assert "请先登录管理后台启用身份验证器" in response.json()["otp_token"][0]

    def test_others_still_use_username_and_password(self, org):
        response = APIClient().post(TOKEN_URL, {"username": "clerk", "password": PASSWORD}, format="json")
        assert response.status_code == 200
        assert events(LoginEventAction.API_TOKEN, user=org.clerk).count() == 1
