"""Tiny, real-looking phrasebooks for the engine's tests (written into tmp_path, never into phrasebooks/)."""

from __future__ import annotations

from pathlib import Path

CATALOG = '''
[categories]
greetings = "Greetings and introductions"
prices = "Prices"
dining = "Dining and toasts"

[phrases.hello]
category = "greetings"
english = "Hello."
dossier = true

[phrases.thank_you]
category = "greetings"
english = "Thank you."
dossier = true

[phrases.send_quotation]
category = "prices"
english = "Could you send me a quotation?"
dossier = true

[phrases.price_too_high]
category = "prices"
english = "The price is too high for us."

[phrases.cheers]
category = "dining"
english = "Cheers!"
'''

KOREAN = '''
[language]
code = "ko"
name = "Korean"
native_name = "한국어"
script = "Hang"
direction = "ltr"
romanization = "Revised Romanization of Korean"
speech = "ko-KR"
countries = ["KR"]

[phrases.hello]
text = "안녕하십니까?"
romanization = "annyeonghasimnikka?"
pronunciation = "ahn-nyung-ha-shim-ni-kka"
register = "formal"
note = "The formal greeting for a first business meeting; bow slightly."

[phrases.thank_you]
text = "감사합니다."
romanization = "gamsahamnida."
pronunciation = "gahm-sah-hahm-nee-dah"
register = "formal"

[phrases.send_quotation]
text = "견적서를 보내 주시겠습니까?"
romanization = "gyeonjeokseoreul bonae jusigetseumnikka?"
pronunciation = "gyun-juk-suh-reul bo-neh joo-shee-geh-sseum-nee-kka"
register = "formal"

[phrases.price_too_high]
text = "저희에게는 가격이 너무 높습니다."
romanization = "jeohuiegeneun gagyeogi neomu nopseumnida."
pronunciation = "juh-hee-eh-geh-neun ga-gyuh-gee nuh-moo nop-sseum-nee-da"
register = "formal"

[phrases.cheers]
text = "건배!"
romanization = "geonbae!"
pronunciation = "gun-beh"
register = "neutral"
note = "Turn your head away from seniors when you drink."
'''

JAPANESE = '''
[language]
code = "ja"
name = "Japanese"
native_name = "日本語"
script = "Jpan"
direction = "ltr"
romanization = "Revised Hepburn"
speech = "ja-JP"
countries = ["JP"]

[phrases.hello]
text = "こんにちは。"
romanization = "konnichi wa."
pronunciation = "kon-NEE-chee-wah"
register = "neutral"

[phrases.thank_you]
text = "ありがとうございます。"
romanization = "arigatō gozaimasu."
pronunciation = "ah-ree-gah-toh go-zai-mahs"
register = "formal"

[phrases.send_quotation]
text = "見積書を送っていただけますか？"
romanization = "mitsumorisho o okutte itadakemasu ka?"
pronunciation = "mee-tsoo-moh-ree-shoh oh oh-koot-teh ee-tah-dah-keh-mahs kah"
register = "formal"

[phrases.price_too_high]
text = "価格が少し高すぎます。"
romanization = "kakaku ga sukoshi takasugimasu."
pronunciation = "kah-kah-koo gah skoh-shee tah-kah-soo-gee-mahs"
register = "formal"

[phrases.cheers]
text = "乾杯！"
romanization = "kanpai!"
pronunciation = "kahn-pie"
register = "neutral"
'''

GERMAN = '''
[language]
code = "de"
name = "German"
native_name = "Deutsch"
script = "Latn"
direction = "ltr"
speech = "de-DE"
countries = ["DE", "AT", "CH"]

[phrases.hello]
text = "Guten Tag."
pronunciation = "GOO-ten tahk"
register = "formal"

[phrases.thank_you]
text = "Vielen Dank."
pronunciation = "FEE-len dahnk"
register = "neutral"

[phrases.send_quotation]
text = "Könnten Sie mir ein Angebot schicken?"
pronunciation = "KERN-ten zee meer ine AN-ge-boht SHICK-en"
register = "formal"

[phrases.price_too_high]
text = "Der Preis ist für uns zu hoch."
pronunciation = "dair price ist fuer oons tsoo hohkh"
register = "neutral"

[phrases.cheers]
text = "Prost!"
pronunciation = "prohst"
register = "informal"
'''

ARABIC = '''
[language]
code = "ar"
name = "Arabic"
native_name = "العربية"
script = "Arab"
direction = "rtl"
romanization = "Simplified scholarly transliteration"
speech = "ar-SA"
countries = ["SA", "AE", "EG"]

[phrases.hello]
text = "السلام عليكم."
romanization = "as-salām ʿalaykum."
pronunciation = "as-sa-LAAM a-LAY-kum"
register = "formal"

[phrases.thank_you]
text = "شكراً."
romanization = "shukran."
pronunciation = "SHUK-ran"
register = "neutral"

[phrases.send_quotation]
text = "هل يمكنكم إرسال عرض سعر؟"
romanization = "hal yumkinukum irsāl ʿarḍ siʿr?"
pronunciation = "hal yum-KI-nu-kum ir-SAAL ard SI-ur"
register = "formal"

[phrases.price_too_high]
text = "السعر مرتفع جداً بالنسبة لنا."
romanization = "as-siʿr murtafiʿ jiddan bi-n-nisba lanā."
pronunciation = "as-SI-ur mur-TA-fi JID-dan bin-NIS-ba LA-na"
register = "neutral"

[phrases.cheers]
text = "في صحتك!"
romanization = "fī ṣiḥḥatik!"
pronunciation = "fee SIH-ha-tik"
register = "informal"
note = "Many Gulf partners do not drink alcohol; toast with juice or tea and never press."
'''

SAMPLES = {"ko": KOREAN, "ja": JAPANESE, "de": GERMAN, "ar": ARABIC}

HEBREW = '''
[language]
code = "he"
name = "Hebrew"
native_name = "עברית"
script = "Hebr"
direction = "rtl"
romanization = "Simplified Academy of the Hebrew Language 2006 transcription"
speech = "he-IL"
countries = ["IL"]

[phrases.hello]
text = "שלום"
romanization = "shalom"
pronunciation = "sha-LOM"
register = "neutral"

[phrases.thank_you]
text = "תודה"
romanization = "toda"
pronunciation = "to-DA"
register = "neutral"

[phrases.send_quotation]
text = "תוכלו לשלוח לי הצעת מחיר?"
romanization = "tukhlu lishloah li hatsa'at mehir?"
pronunciation = "took-LOO leesh-LO-akh LEE ha-tsa-AT me-KHEER"
register = "neutral"

[phrases.price_too_high]
text = "המחיר גבוה מדי בשבילנו, גם עם FOB."
romanization = "ha-mehir gavoha midai bishvilenu, gam im FOB."
pronunciation = "ha-me-KHEER ga-VO-a mee-DAI beesh-vee-LE-noo, GAM eem FOB"
register = "neutral"

[phrases.cheers]
text = "לחיים!"
romanization = "le-hayim!"
pronunciation = "le-KHA-yeem"
register = "neutral"
'''

SAMPLES["he"] = HEBREW

CHINESE = '''
[language]
code = "zh-Hans"
name = "Chinese (Simplified)"
native_name = "简体中文"
script = "Hans"
direction = "ltr"
romanization = "Hanyu Pinyin"
speech = "zh-CN"
countries = ["CN", "SG"]

[phrases.hello]
text = "您好。"
romanization = "nín hǎo."
pronunciation = "neen how"
register = "formal"

[phrases.thank_you]
text = "谢谢。"
romanization = "xièxie."
pronunciation = "shyeh-shyeh"
register = "neutral"

[phrases.send_quotation]
text = "您能给我发一份报价单吗？"
romanization = "nín néng gěi wǒ fā yī fèn bàojiàdān ma?"
pronunciation = "neen nung gay wo fah ee fun bow-jyah-dahn mah"
register = "formal"

[phrases.price_too_high]
text = "这个价格对我们来说太高了。"
romanization = "zhège jiàgé duì wǒmen lái shuō tài gāo le."
pronunciation = "juh-guh jyah-guh dway wo-men lie shwaw tie gow luh"
register = "neutral"

[phrases.cheers]
text = "干杯！"
romanization = "gānbēi!"
pronunciation = "gahn-bay"
register = "neutral"
note = "Empty your glass when the host toasts you, if you drink at all."
'''

TRADITIONAL = '''
[language]
code = "zh-Hant"
name = "Chinese (Traditional)"
native_name = "繁體中文"
script = "Hant"
direction = "ltr"
romanization = "Hanyu Pinyin"
speech = "zh-TW"
countries = ["TW", "HK", "MO"]

[phrases.hello]
text = "您好。"
romanization = "nín hǎo."
pronunciation = "neen how"
register = "formal"

[phrases.thank_you]
text = "謝謝。"
romanization = "xièxie."
pronunciation = "shyeh-shyeh"
register = "neutral"

[phrases.send_quotation]
text = "您能給我一份報價單嗎？"
romanization = "nín néng gěi wǒ yī fèn bàojiàdān ma?"
pronunciation = "neen nung gay wo ee fun bow-jyah-dahn mah"
register = "formal"
local_usage = "Taiwan says 給我一份 without 發 (to send out)."

[phrases.price_too_high]
text = "這個價格對我們來說太高了。"
romanization = "zhège jiàgé duì wǒmen lái shuō tài gāo le."
pronunciation = "juh-guh jyah-guh dway wo-men lie shwaw tie gow luh"
register = "neutral"

[phrases.cheers]
text = "乾杯！"
romanization = "gānbēi!"
pronunciation = "gahn-bay"
register = "neutral"
'''

SAMPLES["zh-Hans"] = CHINESE
SAMPLES["zh-Hant"] = TRADITIONAL


def write_samples(folder: Path, languages=("ko", "ja", "de", "ar"), **overrides: str) -> Path:
    """Write the catalog and the sample languages into *folder*; ``overrides`` replace a file's text by code."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "catalog.toml").write_text(CATALOG, encoding="utf-8")
    for code in languages:
        (folder / f"{code}.toml").write_text(overrides[code] if code in overrides else SAMPLES[code], encoding="utf-8")
    return folder
