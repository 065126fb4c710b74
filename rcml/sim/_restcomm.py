"""The simulated Restcomm's settings, and the model's timing of what a call hears.

The settings are those of Restcomm's shipped configuration (restcomm.xml at c67f142); the
timings are the simulator's own model, chosen once and kept, so that transcripts are stable:

* a ``<Say>`` lasts one second per 15 characters of text (about 150 words a minute), at least 1;
* a ``<Play>`` lasts as long as its WAV file, read from the file's header when the simulation
  downloads it; otherwise as long as the script's ``media`` says, otherwise 5 seconds;
* a key press takes 1 second, a spoken answer 2, a record beep 1;
* a Dial rings 2 seconds before it is answered or busy, and its whole ``timeout`` when nobody
  answers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from rcml.schema import load_schema

API_VERSION = "2012-04-24"
DEFAULT_GATHER_TIMEOUT = 5  # restcomm.xml: runtime-settings/default-gathering-timeout
UNLIMITED_DIGITS = 32767  # Short.MAX_VALUE (BaseVoiceInterpreter.java:268)
SCREENING_LIMIT = 60.0  # VoiceInterpreter.java:3599-3601
DEFAULT_WAIT_URL = "/restcomm/music/electronica/teru_-_110_Downtempo_Electronic_4.wav"
# The TTS engine's languages (VoiceRSSSpeechSynthesizer.java:89-120), as the schema lists them.
TTS_LANGUAGES = frozenset(
    load_schema().elements["Say"].attributes["language"].type.enumeration
)

SAY_CHARS_PER_SECOND = 15
DEFAULT_MEDIA_SECONDS = 5.0
KEY_SECONDS = 1.0
SPEECH_SECONDS = 2.0
BEEP_SECONDS = 1.0


def say_seconds(text: str) -> float:
    return float(max(1, math.ceil(len(text) / SAY_CHARS_PER_SECOND)))


@dataclass(frozen=True)
class Restcomm:
    """What the simulated Restcomm says about itself in requests.

    ``public_url`` is where Restcomm's own files are (recordings, prompts); ``recordings_path``
    is the ``file:`` folder its recordings are written to (restcomm.xml: recordings-path);
    ``epoch`` is the wall-clock moment of virtual second 0.
    """

    account_sid: str = "AC" + "0" * 31 + "1"
    instance_id: str = "ID" + "0" * 31 + "1"
    public_url: str = "http://127.0.0.1:8080"
    recordings_path: str = "file:///opt/restcomm/recordings"
    epoch: datetime = datetime(2019, 1, 11, 12, 0, 0, tzinfo=UTC)

    def timestamp(self, t: float) -> str:
        """Joda's DateTime.toString() of virtual second ``t`` (CallTimestamp)."""
        moment = self.epoch + timedelta(seconds=t)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"

    def rfc2822(self, t: float) -> str:
        """A status callback's Timestamp: ``EEE, dd MMM YYYY HH:mm:ss ZZZZ`` (Call.java:567)."""
        moment = self.epoch + timedelta(seconds=t)
        return moment.strftime("%a, %d %b %Y %H:%M:%S UTC")
