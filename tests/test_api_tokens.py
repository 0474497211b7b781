"""API tokens (issue 25, point 3): they expire, die with a password change or deactivation, are listed
and revoked by their holder and by the office, and a user with a second factor takes workflow steps
only with a short-lived token issued after a code."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.forms import SetPasswordForm
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts import services
from accounts.choices import LoginEventAction
from accounts.models import ApiToken, LoginEvent
from accounts.selectors import api_token_digest
from accounts.tests.factories import api_token, token_client
from disclosures.choices import Status
from disclosures.tests.factories import draft, in_state
from organizations.choices import JurisdictionLevel, Role
from organizations.tests.factories import (
    PASSWORD,
    DepartmentFactory,
    JurisdictionFactory,
    UserFactory,
    member,
)

TOKEN_URL = "/api/v1/auth/token/"
TOKENS_ADMIN = "/admin/accounts/apitoken/"
NEW_PASSWORD = "Qingshan-token-2026"
OTP_REFUSAL = "须使用经双因素验证签发且未过期的令牌"


def code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the person's authenticator app shows now (or `steps_ahead` 30-second steps later)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def authenticator(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=True)


def otp_token(user, device: TOTPDevice, *, steps_ahead: int = 0) -> dict:
    """A token from the endpoint with the user's current code."""
    response = APIClient().post(
        TOKEN_URL,
        {"username": user.username, "password": PASSWORD, "otp_token": code(device, steps_ahead=steps_ahead)},
        format="json",
    )
    assert response.status_code == 200, response.content
    return response.json()


def step(key: str, record, action: str, comment: str = ""):
    return token_client(key).post(
        f"/api/v1/disclosures/{record.pk}/{action}/", {"comment": comment}, format="json"
    )


def admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def later(**delta):
    """Move the clock on (the suite's clock is pinned; this travels from it)."""
    return time_machine.travel(timezone.now() + timedelta(**delta), tick=False)


# ---------------------------------------------------------------------------------------------
# Issue and expiry
# ---------------------------------------------------------------------------------------------
class TestIssue:
    def test_the_key_is_given_once_and_only_its_digest_is_kept(self, org):
        body = APIClient().post(TOKEN_URL, {"username": "clerk", "password": PASSWORD}, format="json").json()
        token = ApiToken.objects.get(user=org.clerk)
        assert body["token"] not in {token.key_hash, token.prefix}
        assert token.key_hash == api_token_digest(body["token"])
        assert body["prefix"] == token.prefix == body["token"][:8]
        event = LoginEvent.objects.get(action=LoginEventAction.API_TOKEN, user=org.clerk)
        assert event.data["prefix"] == token.prefix and body["token"] not in str(event.data)

    def test_each_request_gives_a_new_token_and_the_oldest_go_past_ten(self, org):
        keys = [api_token(org.clerk) for _ in range(services.MAX_LIVE_API_TOKENS + 2)]
        assert len(set(keys)) == len(keys)
        kept = set(ApiToken.objects.filter(user=org.clerk).values_list("key_hash", flat=True))
        assert kept == {api_token_digest(key) for key in keys[2:]}
        assert token_client(keys[0]).get("/api/v1/disclosures/").status_code == 401
        assert token_client(keys[-1]).get("/api/v1/disclosures/").status_code == 200

    def test_a_token_expires_after_portal_api_token_hours(self, org, settings):
        assert settings.PORTAL_API_TOKEN_HOURS == 720, "30 days unless the environment says otherwise"
        key = api_token(org.clerk)
        record = draft(org.clerk, org.department, title="经办人的草稿")
        url = f"/api/v1/disclosures/{record.pk}/"
        with later(hours=719, minutes=59):
            assert token_client(key).get(url).status_code == 200
        with later(hours=720, minutes=1):
            response = token_client(key).get(url)
            assert response.status_code == 401
            assert response.json()["detail"] == "令牌已过期，请重新获取令牌。"
            assert response["WWW-Authenticate"] == "Token"

    def test_last_use_is_noted(self, org):
        key = api_token(org.clerk)
        assert ApiToken.objects.get().last_used_at is None
        token_client(key).get("/api/v1/disclosures/")
        assert ApiToken.objects.get().last_used_at is not None

    def test_a_stale_authorization_header_does_not_block_a_new_token(self, org):
        client = token_client("expired-or-revoked-key")
        response = client.post(TOKEN_URL, {"username": "clerk", "password": PASSWORD}, format="json")
        assert response.status_code == 200


# ---------------------------------------------------------------------------------------------
# A password change or deactivation deletes the tokens
# ---------------------------------------------------------------------------------------------
def change_in_admin_by_self(org):
    client = admin_client(org.clerk)
    response = client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.context["form"].errors


def change_in_admin_by_superuser(org):
    client = admin_client(UserFactory(username="root", is_superuser=True))
    response = client.post(
        f"/admin/auth/user/{org.clerk.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302, response.context["form"].errors


def change_by_reset_form(org):
    form = SetPasswordForm(org.clerk, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert form.is_valid(), form.errors
    form.save()  # what the password reset's confirm page does


def change_in_code(org):
    org.clerk.set_password(NEW_PASSWORD)
    org.clerk.save()


class TestRevokedWithTheCredentials:
    @pytest.mark.parametrize(
        "change",
        [change_in_admin_by_self, change_in_admin_by_superuser, change_by_reset_form, change_in_code],
    )
    def test_a_password_change_deletes_the_users_tokens(self, org, change):
        key = api_token(org.clerk)
        others = api_token(org.clerk_b)
        assert token_client(key).get("/api/v1/disclosures/").status_code == 200
        change(org)
        assert not ApiToken.objects.filter(user=org.clerk).exists()
        response = token_client(key).get("/api/v1/disclosures/")
        assert response.status_code == 401
        assert token_client(others).get("/api/v1/disclosures/").status_code == 200, "only the user's tokens"
        event = LoginEvent.objects.get(action=LoginEventAction.API_TOKEN_REVOKED, user=org.clerk)
        assert event.data["reason"] == "password_changed"

    def test_deactivation_deletes_the_users_tokens(self, org):
        key = api_token(org.clerk)
        org.clerk.is_active = False
        org.clerk.save()
        assert not ApiToken.objects.filter(user=org.clerk).exists()
        assert token_client(key).get("/api/v1/disclosures/").status_code == 401
        event = LoginEvent.objects.get(action=LoginEventAction.API_TOKEN_REVOKED, user=org.clerk)
        assert event.data["reason"] == "deactivated"

    def test_an_account_deactivated_behind_the_models_back_is_refused_anyway(self, org):
        key = api_token(org.clerk)
        type(org.clerk).objects.filter(pk=org.clerk.pk).update(is_active=False)
        response = token_client(key).get("/api/v1/disclosures/")
        assert response.status_code == 401
        assert response.json()["detail"] == "账号已停用。"

    def test_other_saves_and_djangos_rehash_at_login_keep_the_tokens(self, org, settings):
        key = api_token(org.clerk)
        org.clerk.first_name = "小王"
        org.clerk.save()
        # A stronger hasher is preferred now: the next sign-in re-hashes the same password.
        settings.PASSWORD_HASHERS = [
            "django.contrib.auth.hashers.PBKDF2PasswordHasher",
            "django.contrib.auth.hashers.MD5PasswordHasher",
        ]
        response = APIClient().post(TOKEN_URL, {"username": "clerk", "password": PASSWORD}, format="json")
        assert response.status_code == 200
        org.clerk.refresh_from_db()
        assert org.clerk.password.startswith("pbkdf2_sha256$"), "re-hashed at the sign-in"
        assert token_client(key).get("/api/v1/disclosures/").status_code == 200


# ---------------------------------------------------------------------------------------------
# The second factor for workflow steps
# ---------------------------------------------------------------------------------------------
class TestSecondFactorForWorkflow:
    def test_a_signer_who_must_use_totp_signs_only_with_a_fresh_otp_token(self, org, settings):
        settings.PORTAL_OTP_REQUIRED_ROLES = ["signer"]
        old = api_token(org.signer)  # issued before the second factor became mandatory
        record = in_state(org, "reviewed")

        refused = step(old, record, "sign")
        assert refused.status_code == 403
        assert OTP_REFUSAL in refused.json()["detail"]
        assert "请先登录管理后台启用身份验证器" in refused.json()["detail"]
        assert token_client(old).get(f"/api/v1/disclosures/{record.pk}/").status_code == 200, (
            "reading is allowed"
        )
        record.refresh_from_db()
        assert record.status == Status.REVIEWED

        device = authenticator(org.signer)
        assert OTP_REFUSAL in step(old, record, "sign").json()["detail"], (
            "a device does not upgrade an old token"
        )
        issued = otp_token(org.signer, device)
        assert issued["otp_verified"] is True
        token = ApiToken.objects.get(key_hash=api_token_digest(issued["token"]))
        assert (
            token.expires_at - token.created
            == timedelta(minutes=settings.PORTAL_API_OTP_TOKEN_MINUTES)
            == timedelta(minutes=60)
        )
        signed = step(issued["token"], record, "sign")
        assert signed.status_code == 200, signed.content
        record.refresh_from_db()
        assert record.status == Status.PUBLISHED and record.signed_by == org.signer

        another = in_state(org, "reviewed", title="一小时后的签发")
        with later(minutes=61):
            expired = step(issued["token"], another, "sign")
            assert expired.status_code == 401
            assert expired.json()["detail"] == "令牌已过期，请重新获取令牌。"
            assert step(old, another, "sign").status_code == 403, "the old token still may not sign"
            renewed = otp_token(org.signer, device, steps_ahead=1)
            assert step(renewed["token"], another, "sign").status_code == 200

    def test_the_office_publishes_only_with_an_otp_token(self, org, settings):
        settings.PORTAL_OTP_REQUIRED_ROLES = ["signer", "office"]
        device = authenticator(org.office)
        old = api_token(org.office)
        record = in_state(org, "approved")
        refused = step(old, record, "publish")
        assert refused.status_code == 403
        assert OTP_REFUSAL in refused.json()["detail"] and "otp_token" in refused.json()["detail"]
        record.refresh_from_db()
        assert record.status == Status.APPROVED
        issued = otp_token(org.office, device)
        assert step(issued["token"], record, "publish").status_code == 200
        record.refresh_from_db()
        assert record.status == Status.PUBLISHED

        withdrawn = step(old, record, "withdraw", "信息有误")
        assert withdrawn.status_code == 403, "withdrawing too"
        assert step(issued["token"], record, "withdraw", "信息有误").status_code == 200

    def test_an_authenticator_alone_is_enough_to_require_it(self, org, settings):
        assert settings.PORTAL_OTP_REQUIRED_ROLES == []
        authenticator(org.signer)
        record = in_state(org, "reviewed")
        assert step(api_token(org.signer), record, "sign").status_code == 403

    def test_drafting_with_an_old_token_is_allowed(self, org, settings):
        settings.PORTAL_OTP_REQUIRED_ROLES = ["office"]
        old = api_token(org.office)
        record = draft(org.office, org.department, title="政务公开办起草")
        response = token_client(old).get(f"/api/v1/disclosures/{record.pk}/pii-scan/")
        assert response.status_code == 200
        assert step(old, record, "submit").status_code == 403, "but not submitting it"

    def test_others_keep_their_long_token_for_workflow_steps(self, org, settings):
        settings.PORTAL_OTP_REQUIRED_ROLES = ["signer"]
        record = draft(org.clerk, org.department)
        response = step(api_token(org.clerk), record, "submit")
        assert response.status_code == 200, response.content

    def test_a_session_that_passed_the_second_factor_needs_no_token(self, org, settings):
        settings.PORTAL_OTP_REQUIRED_ROLES = ["signer"]
        record = in_state(org, "reviewed")
        client = APIClient()
        client.force_authenticate(org.signer)
        assert client.post(f"/api/v1/disclosures/{record.pk}/sign/", {}, format="json").status_code == 200


# ---------------------------------------------------------------------------------------------
# 我的 API 令牌: the holder and the office list and revoke
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def other_county_clerk(org):
    county = JurisdictionFactory(name="邻县", code="LX", level=JurisdictionLevel.COUNTY)
    return member(
        DepartmentFactory(jurisdiction=county, name="邻县发改委", code="LXFGW"), Role.CLERK, "lx_clerk"
    )


def listed(client: Client, **params) -> set[str]:
    response = client.get(TOKENS_ADMIN, params)
    assert response.status_code == 200
    return {token.prefix for token in response.context["cl"].result_list}


def revoke(client: Client, *tokens: ApiToken):
    return client.post(
        TOKENS_ADMIN, {"action": "revoke_selected", "_selected_action": [t.pk for t in tokens]}
    )


def token_of(key: str) -> ApiToken:
    return ApiToken.objects.get(key_hash=api_token_digest(key))


class TestTokenList:
    def test_the_holder_lists_and_revokes_their_own_tokens(self, org):
        mine, also_mine = api_token(org.clerk), api_token(org.clerk)
        colleague = api_token(org.clerk_b)
        client = admin_client(org.clerk)
        page = client.get(TOKENS_ADMIN)
        assert page.context["title"] == "我的 API 令牌"
        assert listed(client) == {token_of(mine).prefix, token_of(also_mine).prefix}
        html = page.content.decode()
        assert token_of(mine).prefix in html and mine not in html and token_of(mine).key_hash not in html
        detail = client.get(f"{TOKENS_ADMIN}{token_of(mine).pk}/change/").content.decode()
        assert mine not in detail, "the key is never shown again"
        assert client.get(f"{TOKENS_ADMIN}{token_of(colleague).pk}/change/").status_code == 302, (
            "not another's"
        )

        assert revoke(client, token_of(mine), token_of(colleague)).status_code == 302
        assert token_client(mine).get("/api/v1/disclosures/").status_code == 401
        assert token_client(also_mine).get("/api/v1/disclosures/").status_code == 200
        assert token_client(colleague).get("/api/v1/disclosures/").status_code == 200, "only one's own"
        event = LoginEvent.objects.get(action=LoginEventAction.API_TOKEN_REVOKED)
        assert event.user == org.clerk and event.data["by"] == "clerk" and event.data["reason"] == "revoked"

    def test_expired_tokens_are_not_listed(self, org):
        api_token(org.clerk)
        with later(hours=721):
            assert listed(admin_client(org.clerk)) == set()

    def test_the_header_links_the_page(self, org):
        html = admin_client(org.clerk).get("/admin/").content.decode()
        assert 'id="api-tokens-link"' in html

    def test_the_office_lists_and_revokes_its_peoples_tokens_not_another_countys(
        self, org, other_county_clerk
    ):
        clerk, town, own = api_token(org.clerk), api_token(org.town_clerk), api_token(org.office)
        elsewhere = api_token(other_county_clerk)
        office = admin_client(org.office)
        assert listed(office) == {token_of(k).prefix for k in (clerk, town, own)}
        assert listed(office, holder="mine") == {token_of(own).prefix}
        assert office.get(f"{TOKENS_ADMIN}{token_of(elsewhere).pk}/change/").status_code == 302

        assert revoke(office, token_of(clerk), token_of(elsewhere)).status_code == 302
        assert token_client(clerk).get("/api/v1/disclosures/").status_code == 401
        assert token_client(elsewhere).get("/api/v1/disclosures/").status_code == 200, (
            "another county's stays"
        )
        event = LoginEvent.objects.get(action=LoginEventAction.API_TOKEN_REVOKED)
        assert event.user == org.clerk and event.data["by"] == "office"

    def test_a_department_role_sees_only_its_own(self, org):
        api_token(org.clerk)
        mine = api_token(org.reviewer)
        assert listed(admin_client(org.reviewer)) == {token_of(mine).prefix}
