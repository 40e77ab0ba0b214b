from app.models import Role, User
from app.services import accounts


def test_create_user_with_all_options(runner, make, db):
    make.territory(slug="drome")
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Ref@Example.org",
            "--role",
            "referent",
            "--territory",
            "drome",
            "--name",
            "Référente Drôme",
            "--password",
            "un-mot-de-passe-solide",
        ]
    )
    assert result.exit_code == 0, result.output
    user = accounts.find_user_by_email("ref@example.org")
    assert user.role == Role.REFERENT and user.display_name == "Référente Drôme"


def test_unknown_role_is_a_clear_error(runner, db):
    result = runner.invoke(
        args=["users", "create", "a@example.org", "--role", "pirate", "--password", "x" * 12]
    )
    assert result.exit_code != 0
    assert "pirate" in result.output and "--role" in result.output
    assert db.session.query(User).count() == 0


def test_unknown_territory_is_a_clear_error(runner, db):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "a@example.org",
            "--role",
            "referent",
            "--territory",
            "atlantide",
            "--password",
            "x" * 12,
        ]
    )
    assert result.exit_code != 0
    assert "Unknown territory: atlantide" in result.output
    assert db.session.query(User).count() == 0


def test_taken_email_is_a_clear_error(runner, make, db):
    make.user(role=Role.VENDOR, email="pris@example.org")
    result = runner.invoke(
        args=["users", "create", "PRIS@example.org", "--role", "vendor", "--password", "x" * 12]
    )
    assert result.exit_code == 1
    assert "Un compte existe déjà avec cette adresse." in result.output
    assert db.session.query(User).count() == 1


def test_password_is_prompted_when_omitted(runner, db):
    result = runner.invoke(
        args=["users", "create", "admin2@example.org", "--role", "admin"],
        input="mot-de-passe-saisi\nmot-de-passe-saisi\n",
    )
    assert result.exit_code == 0, result.output
    assert "Password" in result.output
    assert accounts.authenticate("admin2@example.org", "mot-de-passe-saisi") is not None
