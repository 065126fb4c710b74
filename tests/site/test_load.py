"""Loading a site: every document, template and link is checked, with exact codes and positions."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from rcml.resources import data_dir
from rcml.server import SiteError, create_app, load_site
from rcml.site import Site
from tests.server.conftest import DOC

Make = Callable[[dict[str, str | bytes]], Path]


def codes(site: Site, relpath: str) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.column) for f in site.findings[relpath]]


def test_the_bundled_demo_site_loads_with_no_finding_at_all() -> None:
    site = load_site(data_dir("templates"))
    assert {k: v for k, v in site.findings.items() if v} == {}
    routes = set(site.resources)
    assert {"/dial-alice.xml", "/conference.xml", "/hello-play.xml"} <= routes
    assert {"/greeting.xml", "/menu.xml", "/wait-music.xml"} <= routes
    assert site.resources["/greeting.xml"].kind == "template"
    assert site.resources["/restcomm/audio/hello-world.wav"].content_type == "audio/wav"
    # the conference's waitUrl gives wait-music.xml a second context
    assert site.resources["/wait-music.xml"].contexts == ("voice", "conference-wait")


def test_each_document_is_validated(site_dir: Make) -> None:
    site = load_site(site_dir({"a.xml": "<Response>\n  <Hangup/><Say>x</Say>\n</Response>"}))
    assert codes(site, "a.xml") == [("RCML401", 2, 12)]
    assert site.has_errors


def test_template_syntax_error_is_rcml604_at_its_line(site_dir: Make) -> None:
    site = load_site(site_dir({"t.xml.j2": "<Response>\n<Say>{{ From }</Say>\n</Response>"}))
    assert codes(site, "t.xml.j2") == [("RCML604", 2, 1)]
    assert "/t.xml" not in site.resources


def test_template_missing_value_names_the_sample(site_dir: Make) -> None:
    source = '{#- rcml-samples: [{"From": "1"}, {}] -#}\n<Response><Say>{{ From }}</Say></Response>'
    site = load_site(site_dir({"t.xml.j2": source}))
    [finding] = site.findings["t.xml.j2"]
    assert finding.code == "RCML604"
    assert "'From' is undefined" in finding.message
    assert finding.message.startswith("rendering with sample set 2 failed")


def test_bad_samples_declaration_is_rcml604(site_dir: Make) -> None:
    site = load_site(site_dir({"t.xml.j2": "\n{#- rcml-samples: [1] -#}<Response/>"}))
    assert codes(site, "t.xml.j2") == [("RCML604", 2, 1)]


def test_each_sample_rendering_is_validated(site_dir: Make) -> None:
    source = (
        '{#- rcml-samples: [{"D": "1"}, {"D": "2"}] -#}\n'
        '<Response>{% if D == "2" %}<Hangup/>{% endif %}<Say>x</Say></Response>'
    )
    site = load_site(site_dir({"t.xml.j2": source}))
    [finding] = site.findings["t.xml.j2"]
    assert (finding.code, finding.line) == ("RCML401", 2)
    assert finding.message.endswith("(output line 1) (with sample set 2)")


def test_broken_link_is_rcml601_at_the_attribute(site_dir: Make) -> None:
    site = load_site(
        site_dir(
            {
                "a.xml": '<Response>\n<Gather action="menu-reply.xml"><Say>x</Say></Gather>\n'
                "</Response>",
                "menu.xml": "<Response><Say>m</Say></Response>",
            }
        )
    )
    [finding] = site.findings["a.xml"]
    assert (finding.code, finding.line, finding.column) == ("RCML601", 2, 9)
    assert finding.element == "/Response/Gather[1]"
    assert "/menu-reply.xml" in finding.message


def test_links_resolve_against_the_documents_own_folder(site_dir: Make) -> None:
    site = load_site(
        site_dir(
            {
                "ivr/a.xml": "<Response><Redirect>b.xml</Redirect></Response>",
                "ivr/b.xml": "<Response><Play>../media/x.wav</Play></Response>",
                "media/x.wav": b"RIFF",
            }
        )
    )
    assert not site.has_errors


def test_external_links_are_not_followed_but_base_url_ones_are(site_dir: Make) -> None:
    files: dict[str, str | bytes] = {
        "a.xml": "<Response><Play>https://media.example.com/x.wav</Play>"
        "<Redirect>https://rcml.example.com/app/b.xml</Redirect></Response>"
    }
    assert not load_site(site_dir(files)).has_errors
    site = load_site(site_dir(files), base_url="https://rcml.example.com/app")
    assert [f.code for f in site.findings["a.xml"]] == ["RCML601"]


def test_wait_url_target_is_checked_as_conference_wait(site_dir: Make) -> None:
    site = load_site(
        site_dir(
            {
                "room.xml": '<Response><Dial><Conference waitUrl="menu.xml">r</Conference>'
                "</Dial></Response>",
                "menu.xml": "<Response><Say>Hold on</Say>"
                '<Gather action="room.xml"><Say>x</Say></Gather></Response>',
            }
        )
    )
    [finding] = site.findings["room.xml"]
    assert finding.code == "RCML602"
    assert "not a valid conference-wait document" in finding.message
    assert "RCML110" in finding.message
    assert site.findings["menu.xml"] == ()


def test_wait_url_ending_in_wav_is_media(site_dir: Make) -> None:
    site = load_site(
        site_dir(
            {
                "room.xml": '<Response><Dial><Conference waitUrl="hold.wav">r</Conference>'
                "</Dial></Response>",
                "hold.wav": b"RIFF",
            }
        )
    )
    assert not site.has_errors


def test_a_document_link_to_a_media_file_is_rcml602(site_dir: Make) -> None:
    site = load_site(
        site_dir(
            {
                "room.xml": '<Response><Dial><Conference waitUrl="hold.mp3">r</Conference>'
                "</Dial>\n<Redirect>hold.wav</Redirect></Response>",
                "call.xml": '<Response><Dial><Number url="hold.wav">+15550100</Number>'
                "</Dial></Response>",
                "hold.mp3": b"ID3",
                "hold.wav": b"RIFF",
            }
        )
    )
    # Restcomm fetches a waitUrl not ending in wav, a Redirect and a screening url as RCML,
    # and an audio file does not parse as XML.
    assert codes(site, "room.xml") == [("RCML232", 1, 29), ("RCML602", 1, 29), ("RCML602", 2, 1)]
    [wait, redirect] = [f for f in site.findings["room.xml"] if f.code == "RCML602"]
    assert "its path does not end in 'wav'" in wait.message
    assert "hold.wav as an RCML document" in redirect.message
    assert codes(site, "call.xml") == [("RCML602", 1, 25)]


def test_an_empty_or_query_only_link_leads_to_the_folder(site_dir: Make) -> None:
    site = load_site(
        site_dir(
            {
                "app/a.xml": '<Response><Say>x</Say><Redirect>?step=2</Redirect></Response>',
                "app/index.xml": "<Response><Say>index</Say></Response>",
            }
        )
    )
    # java.net.URI resolves "?step=2" against app/a.xml to app/?step=2, not app/a.xml?step=2.
    assert [f.code for f in site.findings["app/a.xml"]] == ["RCML601"]
    assert "/app/" in site.findings["app/a.xml"][0].message


def test_noun_url_target_is_checked_as_screening(site_dir: Make) -> None:
    site = load_site(
        site_dir(
            {
                "call.xml": '<Response><Dial><Number url="screen.xml">+15550100</Number>'
                "</Dial></Response>",
                "screen.xml": "<Response><Dial>+15550101</Dial></Response>",
            }
        )
    )
    assert [f.code for f in site.findings["call.xml"]] == ["RCML602"]
    assert "screening" in site.findings["call.xml"][0].message


def test_redirect_cycle_without_waiting_verb_is_rcml603(site_dir: Make) -> None:
    site = load_site(
        site_dir(
            {
                "a.xml": "<Response><Redirect>b.xml</Redirect></Response>",
                "b.xml": "<Response><Sms>hi</Sms><Redirect>a.xml</Redirect></Response>",
            }
        )
    )
    assert [f.code for f in site.findings["a.xml"]] == ["RCML603"]
    assert [f.code for f in site.findings["b.xml"]] == ["RCML603"]
    assert "/a.xml -> /b.xml -> /a.xml" in site.findings["a.xml"][0].message


def test_a_hold_loop_that_plays_first_is_not_a_cycle(site_dir: Make) -> None:
    site = load_site(
        site_dir({"a.xml": "<Response><Say>hold on</Say><Redirect>a.xml</Redirect></Response>"})
    )
    assert not site.has_errors


def test_template_renderings_give_links_and_cycles(site_dir: Make) -> None:
    site = load_site(
        site_dir(
            {
                "t.xml.j2": '{#- rcml-samples: [{"D": "1"}, {"D": "2"}] -#}\n'
                '<Response><Redirect>{{ "t.xml" if D == "1" else "gone.xml" }}'
                "</Redirect></Response>"
            }
        )
    )
    assert sorted(f.code for f in site.findings["t.xml.j2"]) == ["RCML601", "RCML603"]


def test_dotfiles_other_files_and_symlinks_out_of_the_root_are_not_loaded(
    tmp_path: Path, site_dir: Make
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.xml").write_text("<Response><Say>secret</Say></Response>")
    root = site_dir(
        {
            ".hidden.xml": "<Response/>",
            ".git/config.xml": "<Response/>",
            "notes.txt": "x",
            "ok.xml": "<Response><Say>ok</Say></Response>",
        }
    )
    os.symlink(outside / "secret.xml", root / "link.xml")
    os.symlink(outside, root / "linked")
    os.symlink(root / "ok.xml", root / "inside-link.xml")
    os.symlink(root, root / "loop")  # a folder loop inside the root is walked once
    site = load_site(root)
    assert sorted(site.resources) == ["/inside-link.xml", "/ok.xml"]


def test_a_template_and_a_document_at_the_same_route(site_dir: Make) -> None:
    site = load_site(site_dir({"a.xml": "<Response/>", "a.xml.j2": "<Response/>"}))
    assert [f.code for f in site.findings["a.xml.j2"]] == ["RCML604"]


def test_create_app_refuses_a_site_with_errors(site_dir: Make) -> None:
    root = site_dir({"a.xml": "<Response><Redirect>nowhere.xml</Redirect></Response>"})
    with pytest.raises(SiteError) as caught:
        create_app(root)
    assert "RCML601" in str(caught.value)
    assert caught.value.site.error_count() == 1


def test_load_site_of_a_missing_folder_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        load_site(tmp_path / "missing")


def test_media_larger_than_the_cap_is_refused(
    site_dir: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("rcml.site.load.MAX_MEDIA_BYTES", 8)
    site = load_site(site_dir({"big.wav": b"123456789", "small.wav": b"12345678"}))
    assert [f.code for f in site.findings["big.wav"]] == ["RCML004"]
    assert sorted(site.resources) == ["/small.wav"]


def test_raw_routes_hold_what_safe_route_answers_for_every_resource(site_dir: Make) -> None:
    from rcml.server.app import Routes
    from rcml.server.http import safe_route

    files: dict[str, str | bytes] = {
        "a b.xml": DOC,
        "é.xml": DOC,
        "sub/x.xml": DOC,
        "t.xml.j2": "<Response><Say>{{ From | default('x') }}</Say></Response>",
        "hold.wav": b"RIFF0000WAVE",
    }
    raw_routes = Routes(load_site(site_dir(files))).raw
    assert raw_routes == {
        b"/a%20b.xml": "/a b.xml",
        b"/%C3%A9.xml": "/é.xml",
        b"/hold.wav": "/hold.wav",
        b"/sub/x.xml": "/sub/x.xml",
        b"/t.xml": "/t.xml",
    }
    for raw, route in raw_routes.items():
        assert safe_route(raw) == route


def test_template_globals_survive_their_flattening(site_dir: Make) -> None:
    template = "<Response>{% for n in range(2) %}<Say>{{ n }}</Say>{% endfor %}</Response>"
    site = load_site(site_dir({"t.xml.j2": template}))
    assert [r.body for r in site.resources["/t.xml"].renderings] == [
        b"<Response><Say>0</Say><Say>1</Say></Response>",
    ]
