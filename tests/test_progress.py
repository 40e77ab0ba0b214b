"""Long CLI work shows a progress bar on a terminal and stays quiet in logs."""

from app import progress


def test_no_output_when_not_a_terminal(monkeypatch, capsys):
    monkeypatch.setattr(progress, "is_interactive", lambda: False)
    assert list(progress.track(range(3), 3, "Votes")) == [0, 1, 2]
    assert capsys.readouterr().out == ""


def test_bar_drawn_on_a_terminal(monkeypatch, capsys):
    monkeypatch.setattr(progress, "is_interactive", lambda: True)
    assert list(progress.track(range(3), 3, "Votes")) == [0, 1, 2]
    assert "Votes" in capsys.readouterr().out


def test_export_to_a_file_draws_no_bar_in_ci_logs(runner, make, tmp_path):
    make.wish(title="Souhait exporté")
    out = tmp_path / "w.csv"
    result = runner.invoke(args=["export", "wishes", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "Souhaits" not in result.output and "#" not in result.output
    assert "Souhait exporté" in out.read_text(encoding="utf-8")


def test_export_to_a_file_draws_a_bar_on_a_terminal(runner, make, tmp_path, monkeypatch):
    monkeypatch.setattr(progress, "is_interactive", lambda: True)
    make.wish(title="Souhait exporté")
    result = runner.invoke(args=["export", "wishes", "--output", str(tmp_path / "w.csv")])
    assert result.exit_code == 0, result.output
    assert "Souhaits" in result.output
