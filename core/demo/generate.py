"""Sample data for trying Fairmate and for screenshots: an international contact book.

``generate_demo_data`` fills a database with people from two dozen countries,
named in their own script with the usual romanization, the companies they
work for, the trade fairs where they were met and, for a subset, a believable
history of meetings, calls, promises and follow-ups. Every write goes through
the repository functions, so the change log and the search index are exactly
as if a user had typed it all. The same seed and ``now`` always give the same
book (only ids and clock stamps differ).
"""

from __future__ import annotations

import functools
import heapq
import itertools
import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Callable
from zoneinfo import ZoneInfo

import phonenumbers
from unidecode import unidecode

from core.book.activity import (add_commitment, change_stage, complete_commitment, complete_follow_up,
                           log_interaction, schedule_follow_up)
from core.book.contacts import add_company, add_contact
from core.store.db import write_transaction
from core.book.events import add_event, add_meeting
from core.book.settings import HOME_TIME_ZONE, get_setting


def _table(text: str) -> tuple[tuple[str, ...], ...]:
    """Entries separated by commas, fields by colons: ``"张:Zhang, 王:Wang"``."""
    return tuple(tuple(part.strip() for part in item.split(":"))
                 for item in text.split(",") if item.strip())


def _variant(text: str, female: bool) -> str:
    """The female form of a gendered name (``"Иванов|Иванова"``); most names have one form."""
    forms = text.split("|")
    return forms[-1] if female else forms[0]


def _in_zone(zone: str, cities: str) -> tuple[tuple[str, str], ...]:
    return tuple((city.strip(), zone) for city in cities.split(",") if city.strip())


# Names ----------------------------------------------------------------------
# Name entries: ("Latin",), ("native", "Latin") or, for Japanese,
# ("kanji", "kana reading", "Latin"). Latin forms are the usual romanization:
# Hanyu Pinyin (mainland), Wade-Giles as on Taiwanese passports, passport
# Hepburn without macrons, the customary Korean spellings, BGN-style Russian.

@dataclass(frozen=True)
class _Culture:
    country: str
    weight: int
    family: tuple[tuple[str, ...], ...]
    male: tuple[tuple[str, ...], ...]
    female: tuple[tuple[str, ...], ...]
    cities: tuple[tuple[str, str], ...]
    languages: tuple[str, ...]
    family_first: bool = False
    native_join: str = " "
    two_surnames: bool = False


_CULTURES = (
    _Culture(
        "CN", 16,
        _table("张:Zhang, 王:Wang, 李:Li, 刘:Liu, 陈:Chen, 杨:Yang, 黄:Huang, 赵:Zhao, 吴:Wu, "
               "周:Zhou, 徐:Xu, 孙:Sun, 马:Ma, 朱:Zhu, 胡:Hu, 郭:Guo, 何:He, 林:Lin, 罗:Luo, "
               "高:Gao, 梁:Liang, 郑:Zheng, 谢:Xie, 宋:Song, 唐:Tang, 韩:Han, 冯:Feng, 邓:Deng, "
               "曹:Cao, 彭:Peng"),
        _table("伟:Wei, 强:Qiang, 磊:Lei, 军:Jun, 勇:Yong, 杰:Jie, 涛:Tao, 明:Ming, 超:Chao, "
               "斌:Bin, 鹏:Peng, 建华:Jianhua, 建国:Jianguo, 志强:Zhiqiang, 晓明:Xiaoming, "
               "文博:Wenbo, 浩然:Haoran, 国平:Guoping, 俊杰:Junjie, 宇航:Yuhang, 思远:Siyuan, "
               "海峰:Haifeng, 立新:Lixin, 振华:Zhenhua"),
        _table("芳:Fang, 娜:Na, 敏:Min, 静:Jing, 丽:Li, 艳:Yan, 秀英:Xiuying, 海燕:Haiyan, "
               "丽娟:Lijuan, 子涵:Zihan, 欣怡:Xinyi, 雪梅:Xuemei, 红霞:Hongxia, 晓燕:Xiaoyan, "
               "婷婷:Tingting, 慧敏:Huimin, 佳怡:Jiayi, 美玲:Meiling, 春梅:Chunmei, 玉兰:Yulan"),
        _in_zone("Asia/Shanghai", "Shenzhen, Guangzhou, Dongguan, Foshan, Ningbo, Yiwu, Suzhou, "
                                  "Shanghai, Hangzhou, Xiamen, Qingdao, Tianjin, Wenzhou"),
        ("zh", "en"), family_first=True, native_join="",
    ),
    _Culture(
        "TW", 3,
        _table("陳:Chen, 林:Lin, 黃:Huang, 張:Chang, 李:Lee, 王:Wang, 吳:Wu, 劉:Liu, 蔡:Tsai, "
               "楊:Yang, 許:Hsu, 鄭:Cheng, 謝:Hsieh, 郭:Kuo, 洪:Hung, 邱:Chiu, 廖:Liao, 賴:Lai, "
               "周:Chou, 葉:Yeh, 蘇:Su, 莊:Chuang, 江:Chiang, 何:Ho"),
        _table("志明:Chih-ming, 家豪:Chia-hao, 俊傑:Chun-chieh, 建宏:Chien-hung, 冠宇:Kuan-yu, "
               "承翰:Cheng-han, 宗翰:Tsung-han, 文雄:Wen-hsiung, 明輝:Ming-hui, 國華:Kuo-hua, "
               "信宏:Hsin-hung, 志豪:Chih-hao, 柏翰:Po-han, 彥廷:Yen-ting, 俊宏:Chun-hung"),
        _table("怡君:Yi-chun, 雅婷:Ya-ting, 淑芬:Shu-fen, 美玲:Mei-ling, 佳穎:Chia-ying, "
               "欣怡:Hsin-yi, 詩涵:Shih-han, 淑惠:Shu-hui, 雅雯:Ya-wen, 惠如:Hui-ju, "
               "佩珊:Pei-shan, 曉雯:Hsiao-wen, 郁婷:Yu-ting"),
        _in_zone("Asia/Taipei", "Taipei, New Taipei, Taoyuan, Hsinchu, Taichung, Tainan, Kaohsiung"),
        ("zh_Hant", "en"), family_first=True, native_join="",
    ),
    _Culture(
        "JP", 7,
        _table("佐藤:さとう:Sato, 鈴木:すずき:Suzuki, 高橋:たかはし:Takahashi, 田中:たなか:Tanaka, "
               "伊藤:いとう:Ito, 渡辺:わたなべ:Watanabe, 山本:やまもと:Yamamoto, 中村:なかむら:Nakamura, "
               "小林:こばやし:Kobayashi, 加藤:かとう:Kato, 吉田:よしだ:Yoshida, 山田:やまだ:Yamada, "
               "佐々木:ささき:Sasaki, 山口:やまぐち:Yamaguchi, 松本:まつもと:Matsumoto, "
               "井上:いのうえ:Inoue, 木村:きむら:Kimura, 林:はやし:Hayashi, 斎藤:さいとう:Saito, "
               "清水:しみず:Shimizu, 森:もり:Mori, 池田:いけだ:Ikeda, 橋本:はしもと:Hashimoto, "
               "石川:いしかわ:Ishikawa, 前田:まえだ:Maeda, 藤田:ふじた:Fujita, 岡田:おかだ:Okada"),
        _table("博:ひろし:Hiroshi, 健二:けんじ:Kenji, 大輔:だいすけ:Daisuke, 翔太:しょうた:Shota, "
               "誠:まこと:Makoto, 隆:たかし:Takashi, 直樹:なおき:Naoki, 拓也:たくや:Takuya, "
               "健一:けんいち:Kenichi, 和也:かずや:Kazuya, 達也:たつや:Tatsuya, 浩二:こうじ:Koji, "
               "修:おさむ:Osamu, 亮:りょう:Ryo, 健太:けんた:Kenta, 雄一:ゆういち:Yuichi, "
               "裕太:ゆうた:Yuta, 正人:まさと:Masato, 秀樹:ひでき:Hideki, 哲也:てつや:Tetsuya"),
        _table("裕子:ゆうこ:Yuko, 恵子:けいこ:Keiko, 美穂:みほ:Miho, 由美:ゆみ:Yumi, 直美:なおみ:Naomi, "
               "陽子:ようこ:Yoko, 真由美:まゆみ:Mayumi, 愛:あい:Ai, 彩:あや:Aya, さくら:さくら:Sakura, "
               "明美:あけみ:Akemi, 智子:ともこ:Tomoko, 恵:めぐみ:Megumi, 香織:かおり:Kaori, "
               "麻衣:まい:Mai, 理恵:りえ:Rie, 千尋:ちひろ:Chihiro"),
        _in_zone("Asia/Tokyo", "Tokyo, Osaka, Nagoya, Yokohama, Kobe, Fukuoka, Hamamatsu, Sapporo"),
        ("ja", "en"), family_first=True,
    ),
    _Culture(
        "KR", 5,
        _table("김:Kim, 이:Lee, 박:Park, 최:Choi, 정:Jung, 강:Kang, 조:Cho, 윤:Yoon, 장:Jang, "
               "임:Lim, 한:Han, 오:Oh, 서:Seo, 신:Shin, 권:Kwon, 황:Hwang, 안:Ahn, 송:Song, "
               "홍:Hong, 문:Moon, 류:Ryu, 배:Bae"),
        _table("민준:Min-jun, 서준:Seo-jun, 도윤:Do-yun, 예준:Ye-jun, 시우:Si-woo, 하준:Ha-jun, "
               "지호:Ji-ho, 준서:Jun-seo, 현우:Hyun-woo, 지훈:Ji-hoon, 성민:Sung-min, "
               "동현:Dong-hyun, 영호:Young-ho, 상훈:Sang-hoon, 재원:Jae-won, 승우:Seung-woo, "
               "정훈:Jung-hoon, 우진:Woo-jin"),
        _table("서연:Seo-yeon, 지우:Ji-woo, 서윤:Seo-yoon, 민서:Min-seo, 하은:Ha-eun, 수빈:Su-bin, "
               "지민:Ji-min, 은지:Eun-ji, 혜진:Hye-jin, 수진:Su-jin, 미영:Mi-young, 지영:Ji-young, "
               "유나:Yu-na, 예은:Ye-eun, 소연:So-yeon"),
        _in_zone("Asia/Seoul", "Seoul, Busan, Incheon, Daegu, Suwon, Changwon, Ulsan, Seongnam"),
        ("ko", "en"), family_first=True, native_join="",
    ),
    _Culture(
        "SA", 3,
        _table("العتيبي:Al-Otaibi, القحطاني:Al-Qahtani, الغامدي:Al-Ghamdi, الشمري:Al-Shammari, "
               "الدوسري:Al-Dosari, الحربي:Al-Harbi, الزهراني:Al-Zahrani, المطيري:Al-Mutairi, "
               "العنزي:Al-Anazi, السبيعي:Al-Subaie, الشهري:Al-Shehri, العمري:Al-Omari, "
               "الراشد:Al-Rashed, التميمي:Al-Tamimi, الجهني:Al-Juhani, المالكي:Al-Malki, "
               "الخالدي:Al-Khalidi"),
        _table("محمد:Mohammed, أحمد:Ahmed, عبدالله:Abdullah, خالد:Khalid, فهد:Fahad, سعود:Saud, "
               "عبدالرحمن:Abdulrahman, فيصل:Faisal, سلطان:Sultan, ناصر:Nasser, عمر:Omar, "
               "يوسف:Yousef, إبراهيم:Ibrahim, ماجد:Majid, طارق:Tariq, تركي:Turki, بندر:Bandar"),
        _table("فاطمة:Fatima, نورة:Noura, مريم:Maryam, سارة:Sara, هند:Hind, ريم:Reem, منى:Mona, "
               "العنود:Al-Anoud, أمل:Amal, لطيفة:Latifa"),
        _in_zone("Asia/Riyadh", "Riyadh, Jeddah, Dammam, Al Khobar"),
        ("ar", "en"),
    ),
    _Culture(
        "AE", 4,
        _table("المنصوري:Al-Mansouri, الكعبي:Al-Kaabi, الشامسي:Al-Shamsi, المهيري:Al-Muhairi, "
               "الظاهري:Al-Dhaheri, النعيمي:Al-Nuaimi, الهاشمي:Al-Hashimi, الفلاسي:Al-Falasi, "
               "السويدي:Al-Suwaidi, المري:Al-Marri, البلوشي:Al-Balushi, الحمادي:Al-Hammadi, "
               "الكتبي:Al-Ketbi, الرميثي:Al-Romaithi, الزعابي:Al-Zaabi"),
        _table("محمد:Mohammed, أحمد:Ahmed, عبدالله:Abdullah, خالد:Khalid, سعيد:Saeed, راشد:Rashid, "
               "حمد:Hamad, سلطان:Sultan, يوسف:Yousef, عمر:Omar, ماجد:Majid, جاسم:Jassim"),
        _table("فاطمة:Fatima, مريم:Maryam, عائشة:Aisha, شيخة:Shaikha, ريم:Reem, نورة:Noura, "
               "هند:Hind, أمل:Amal"),
        _in_zone("Asia/Dubai", "Dubai, Abu Dhabi, Sharjah"),
        ("ar", "en"),
    ),
    _Culture(
        "TH", 3,
        _table("ใจดี:Jaidee, สุขสวัสดิ์:Suksawat, ศรีสุข:Srisuk, วงศ์สวัสดิ์:Wongsawat, "
               "รุ่งเรือง:Rungruang, ทองดี:Thongdee, แก้วมณี:Kaewmanee, บุญมา:Boonma, "
               "สมบูรณ์:Somboon, พึ่งบุญ:Phuengboon, ศรีวงศ์:Sriwong, มั่นคง:Mankong, "
               "เจริญสุข:Charoensuk, ชัยประเสริฐ:Chaiprasert, สุวรรณ:Suwan, อินทร์แก้ว:Inkaew, "
               "ทองคำ:Thongkham, บุญเรือง:Boonruang"),
        _table("สมชาย:Somchai, สมศักดิ์:Somsak, ประเสริฐ:Prasert, วิชัย:Wichai, สุริยา:Suriya, "
               "อนันต์:Anan, ธนากร:Thanakorn, ณัฐพล:Nattapon, กิตติ:Kitti, ชัยวัฒน์:Chaiwat, "
               "ปิยะ:Piya, ธีรพงษ์:Teerapong, สุรชัย:Surachai, วีระ:Weera"),
        _table("สมหญิง:Somying, สุดา:Suda, มาลี:Malee, วรรณา:Wanna, นภา:Napa, พรทิพย์:Porntip, "
               "กาญจนา:Kanjana, ศิริพร:Siriporn, อรุณี:Arunee, ปรียา:Preeya, สุภาพร:Supaporn, "
               "รัตนา:Rattana"),
        _in_zone("Asia/Bangkok", "Bangkok, Chiang Mai, Chonburi, Nonthaburi, Samut Prakan, Rayong"),
        ("th", "en"),
    ),
    _Culture(
        "IN", 6,
        _table("शर्मा:Sharma, वर्मा:Verma, गुप्ता:Gupta, सिंह:Singh, पटेल:Patel, अग्रवाल:Agarwal, "
               "जैन:Jain, मेहता:Mehta, कुमार:Kumar, यादव:Yadav, मिश्रा:Mishra, चौधरी:Chaudhary, "
               "जोशी:Joshi, मल्होत्रा:Malhotra, कपूर:Kapoor, भाटिया:Bhatia, सक्सेना:Saxena, "
               "त्रिपाठी:Tripathi, श्रीवास्तव:Srivastava, बंसल:Bansal, खन्ना:Khanna, पांडे:Pandey"),
        _table("राहुल:Rahul, अमित:Amit, विकास:Vikas, संजय:Sanjay, राजेश:Rajesh, सुरेश:Suresh, "
               "अजय:Ajay, विजय:Vijay, अनिल:Anil, प्रवीण:Praveen, अर्जुन:Arjun, रोहित:Rohit, "
               "नितिन:Nitin, दीपक:Deepak, मनोज:Manoj, आदित्य:Aditya, गौरव:Gaurav, सचिन:Sachin"),
        _table("प्रिया:Priya, अंजलि:Anjali, नेहा:Neha, पूजा:Pooja, स्नेहा:Sneha, कविता:Kavita, "
               "सुनीता:Sunita, मीरा:Meera, दिव्या:Divya, आरती:Aarti, रश्मि:Rashmi, श्वेता:Shweta"),
        _in_zone("Asia/Kolkata", "New Delhi, Noida, Gurugram, Jaipur, Kanpur, Lucknow, Ludhiana, "
                                 "Ahmedabad, Mumbai"),
        ("hi", "en"),
    ),
    _Culture(
        "RU", 3,
        _table("Иванов|Иванова:Ivanov|Ivanova, Смирнов|Смирнова:Smirnov|Smirnova, "
               "Кузнецов|Кузнецова:Kuznetsov|Kuznetsova, Попов|Попова:Popov|Popova, "
               "Соколов|Соколова:Sokolov|Sokolova, Лебедев|Лебедева:Lebedev|Lebedeva, "
               "Козлов|Козлова:Kozlov|Kozlova, Новиков|Новикова:Novikov|Novikova, "
               "Морозов|Морозова:Morozov|Morozova, Петров|Петрова:Petrov|Petrova, "
               "Волков|Волкова:Volkov|Volkova, Соловьёв|Соловьёва:Solovyov|Solovyova, "
               "Васильев|Васильева:Vasiliev|Vasilieva, Зайцев|Зайцева:Zaitsev|Zaitseva, "
               "Павлов|Павлова:Pavlov|Pavlova, Фёдоров|Фёдорова:Fedorov|Fedorova, "
               "Орлов|Орлова:Orlov|Orlova, Егоров|Егорова:Egorov|Egorova, Белов|Белова:Belov|Belova"),
        _table("Сергей:Sergei, Алексей:Alexei, Дмитрий:Dmitry, Андрей:Andrei, Михаил:Mikhail, "
               "Владимир:Vladimir, Николай:Nikolai, Игорь:Igor, Павел:Pavel, Евгений:Evgeny, "
               "Олег:Oleg, Артём:Artyom, Максим:Maxim, Иван:Ivan, Роман:Roman, Константин:Konstantin"),
        _table("Ольга:Olga, Елена:Elena, Наталья:Natalia, Татьяна:Tatiana, Анна:Anna, Мария:Maria, "
               "Ирина:Irina, Светлана:Svetlana, Екатерина:Ekaterina, Юлия:Yulia, "
               "Анастасия:Anastasia, Марина:Marina"),
        _in_zone("Europe/Moscow", "Moscow, St. Petersburg, Kazan, Nizhny Novgorod, Krasnodar")
        + _in_zone("Asia/Yekaterinburg", "Yekaterinburg") + _in_zone("Asia/Novosibirsk", "Novosibirsk"),
        ("ru", "en"),
    ),
    _Culture(
        "IL", 2,
        _table("כהן:Cohen, לוי:Levi, מזרחי:Mizrahi, פרץ:Peretz, ביטון:Biton, דהן:Dahan, "
               "אברהם:Avraham, פרידמן:Friedman, אזולאי:Azoulay, כץ:Katz, יוסף:Yosef, גולן:Golan, "
               "שפירא:Shapira, בן דוד:Ben-David, רוזנברג:Rosenberg, אשכנזי:Ashkenazi, גבאי:Gabay"),
        _table("יוסי:Yossi, דוד:David, משה:Moshe, אבי:Avi, איתן:Eitan, עמית:Amit, רון:Ron, "
               "נועם:Noam, אורי:Uri, גיל:Gil, יונתן:Yonatan, דניאל:Daniel, עידו:Ido, אלון:Alon"),
        _table("מיכל:Michal, נועה:Noa, שירה:Shira, טל:Tal, רונית:Ronit, יעל:Yael, תמר:Tamar, "
               "דנה:Dana, אורית:Orit, הילה:Hila, ליאת:Liat"),
        _in_zone("Asia/Jerusalem", "Tel Aviv, Haifa, Jerusalem, Petah Tikva, Herzliya, Rishon LeZion"),
        ("he", "en"),
    ),
    _Culture(
        "DE", 9,
        _table("Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann, "
               "Schäfer, Koch, Bauer, Richter, Klein, Wolf, Schröder, Neumann, Schwarz, Zimmermann, "
               "Braun, Krüger, Hartmann, Lange, Weiß, Köhler, Böhm, Groß"),
        _table("Jürgen, Stefan, Thomas, Andreas, Michael, Klaus, Wolfgang, Matthias, Jörg, Björn, "
               "Uwe, Frank, Markus, Tobias, Florian, Sebastian"),
        _table("Sabine, Birgit, Claudia, Katrin, Anja, Susanne, Jutta, Bärbel, Julia, Anna, "
               "Kerstin, Nicole, Stefanie, Jördis"),
        _in_zone("Europe/Berlin", "Berlin, Hamburg, München, Köln, Frankfurt am Main, Stuttgart, "
                                  "Düsseldorf, Nürnberg, Hannover, Leipzig, Bremen, Dortmund"),
        ("de", "en"),
    ),
    _Culture(
        "FR", 4,
        _table("Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, "
               "Simon, Laurent, Lefèvre, Michel, Fournier, Girard, Bonnet, Dupont, Lambert, "
               "Fontaine, Rousseau, Chevalier, Lemaître, Gauthier"),
        _table("François, Jérôme, Stéphane, Benoît, Frédéric, Sébastien, Olivier, Nicolas, Thierry, "
               "Julien, Pierre, Grégoire"),
        _table("Hélène, Céline, Amélie, Élodie, Véronique, Isabelle, Nathalie, Sophie, Cécile, "
               "Camille, Aurélie, Chloé"),
        _in_zone("Europe/Paris", "Paris, Lyon, Marseille, Toulouse, Lille, Nantes, Bordeaux, Strasbourg"),
        ("fr", "en"),
    ),
    _Culture(
        "PL", 3,
        _table("Wójcik, Kowalski|Kowalska, Nowak, Wiśniewski|Wiśniewska, Kowalczyk, "
               "Kamiński|Kamińska, Lewandowski|Lewandowska, Zieliński|Zielińska, "
               "Szymański|Szymańska, Woźniak, Dąbrowski|Dąbrowska, Kozłowski|Kozłowska, "
               "Jankowski|Jankowska, Mazur, Krawczyk, Piotrowski|Piotrowska, Zając, Król, Wróbel"),
        _table("Łukasz, Paweł, Michał, Krzysztof, Tomasz, Piotr, Grzegorz, Wojciech, Marcin, "
               "Jarosław, Jakub"),
        _table("Małgorzata, Agnieszka, Katarzyna, Joanna, Dorota, Ewa, Magdalena, Bożena, Aleksandra"),
        _in_zone("Europe/Warsaw", "Warszawa, Kraków, Łódź, Wrocław, Poznań, Gdańsk, Katowice"),
        ("pl", "en", "de"),
    ),
    _Culture(
        "ES", 4,
        _table("García, Fernández, González, Rodríguez, López, Martínez, Sánchez, Pérez, Gómez, "
               "Martín, Jiménez, Ruiz, Hernández, Díaz, Moreno, Muñoz, Álvarez, Romero, Navarro, Ibáñez"),
        _table("José Luis, Javier, Carlos, Alejandro, Álvaro, Sergio, Jesús, Andrés, Raúl, Íñigo, "
               "Pablo, Jorge"),
        _table("María, Lucía, Carmen, Begoña, Nuria, Elena, Inés, Marta, Pilar, Rocío, Ainhoa"),
        _in_zone("Europe/Madrid", "Madrid, Barcelona, Valencia, Sevilla, Bilbao, Zaragoza, Málaga"),
        ("es", "en"), two_surnames=True,
    ),
    _Culture(
        "BR", 3,
        _table("Silva, Santos, Oliveira, Souza, Rodrigues, Ferreira, Alves, Pereira, Lima, Gomes, "
               "Ribeiro, Carvalho, Araújo, Conceição, Magalhães, Gonçalves, Simões, Assunção, "
               "Brandão, Guimarães"),
        _table("João, José, Antônio, Paulo, Luís, Carlos, Marcos, Rafael, Thiago, Fábio, Gustavo"),
        _table("Maria da Conceição, Ana, Fernanda, Juliana, Patrícia, Aline, Letícia, Camila, "
               "Luciana, Mônica, Beatriz"),
        _in_zone("America/Sao_Paulo", "São Paulo, Rio de Janeiro, Curitiba, Porto Alegre, "
                                      "Belo Horizonte, Campinas, Joinville")
        + _in_zone("America/Manaus", "Manaus"),
        ("pt_BR", "en", "es"),
    ),
    _Culture(
        "TR", 4,
        _table("Yılmaz, Kaya, Demir, Çelik, Şahin, Yıldız, Yıldırım, Öztürk, Aydın, Özdemir, "
               "Arslan, Doğan, Kılıç, Aslan, Çetin, Kara, Koç, Kurt, Özkan, Şimşek"),
        _table("Mehmet, Mustafa, Ahmet, Ali, Hüseyin, Hasan, İbrahim, Murat, Emre, Burak, Serkan, Oğuz"),
        _table("Ayşe, Fatma, Zeynep, Elif, Özlem, Gülşen, Şebnem, Derya, Esra, Büşra"),
        _in_zone("Europe/Istanbul", "İstanbul, İzmir, Ankara, Bursa, Gaziantep, Kayseri, Konya, Denizli"),
        ("tr", "en", "de"),
    ),
    _Culture(
        "CZ", 2,
        _table("Novák|Nováková, Svoboda|Svobodová, Novotný|Novotná, Dvořák|Dvořáková, Černý|Černá, "
               "Procházka|Procházková, Kučera|Kučerová, Veselý|Veselá, Horák|Horáková, "
               "Němec|Němcová, Marek|Marková, Pokorný|Pokorná, Král|Králová, "
               "Růžička|Růžičková, Beneš|Benešová"),
        _table("Jiří, Jan, Petr, Josef, Pavel, Martin, Tomáš, Jaroslav, Miroslav, Zdeněk, Lukáš, Ondřej"),
        _table("Jana, Marie, Eva, Hana, Lenka, Kateřina, Lucie, Věra, Petra, Alena"),
        _in_zone("Europe/Prague", "Praha, Brno, Ostrava, Plzeň, Zlín, Liberec"),
        ("cs", "en", "de"),
    ),
    _Culture(
        "SE", 2,
        _table("Andersson, Johansson, Karlsson, Nilsson, Eriksson, Larsson, Olsson, Persson, "
               "Svensson, Gustafsson, Pettersson, Jönsson, Lindström, Åberg, Löfgren, Bergström, "
               "Sjöberg, Ström, Lindqvist, Holmström"),
        _table("Lars, Anders, Johan, Erik, Per, Magnus, Björn, Mikael, Fredrik, Henrik, Oskar"),
        _table("Anna, Karin, Åsa, Ingrid, Maria, Linnéa, Sofia, Maja, Elin, Ebba"),
        _in_zone("Europe/Stockholm", "Stockholm, Göteborg, Malmö, Uppsala, Jönköping, Västerås"),
        ("sv", "en"),
    ),
    _Culture(
        "VN", 3,
        _table("Nguyễn, Trần, Lê, Phạm, Hoàng, Huỳnh, Phan, Vũ, Võ, Đặng, Bùi, Đỗ, Hồ, Ngô, "
               "Dương, Lý"),
        _table("Văn An, Văn Hùng, Đức Minh, Quang Huy, Minh Tuấn, Văn Dũng, Hữu Phước, Thành Long, "
               "Quốc Bảo, Đức Thắng, Hoàng Nam, Văn Sơn"),
        _table("Thị Lan, Thị Hương, Ngọc Anh, Thu Trang, Thị Mai, Thanh Hà, Minh Thư, Ngọc Linh, "
               "Thị Hạnh, Phương Thảo"),
        _in_zone("Asia/Ho_Chi_Minh", "Hà Nội, TP. Hồ Chí Minh, Hải Phòng, Đà Nẵng, Bình Dương, Cần Thơ"),
        ("vi", "en"), family_first=True,
    ),
    _Culture(
        "IT", 4,
        _table("Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, "
               "Bruno, Gallo, Conti, De Luca, Mancini, Costa, Giordano, Rizzo, Lombardi, Moretti, "
               "Barbieri, Fontana, Santoro, Mariani"),
        _table("Giuseppe, Giovanni, Antonio, Mario, Luca, Marco, Francesco, Alessandro, Andrea, "
               "Stefano, Niccolò, Matteo"),
        _table("Giulia, Francesca, Chiara, Federica, Elena, Paola, Alessandra, Silvia, Valentina"),
        _in_zone("Europe/Rome", "Milano, Torino, Bologna, Roma, Napoli, Firenze, Verona, Brescia"),
        ("it", "en"),
    ),
    _Culture(
        "NL", 3,
        _table("de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, Smit, "
               "Meijer, de Boer, Mulder, de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker, "
               "Brouwer"),
        _table("Jan, Pieter, Joost, Maarten, Sander, Bram, Thijs, Ruud, Wouter, Daan"),
        _table("Anouk, Sanne, Femke, Eline, Marieke, Ingrid, Lotte, Esther, Ilse"),
        _in_zone("Europe/Amsterdam", "Amsterdam, Rotterdam, Eindhoven, Utrecht, Den Haag, Venlo"),
        ("nl", "en", "de"),
    ),
    _Culture(
        "US", 6,
        _table("Smith, Johnson, Williams, Brown, Jones, Miller, Davis, Wilson, Anderson, Taylor, "
               "Thomas, Moore, Jackson, Martin, Thompson, White, Harris, Clark, Lewis, Walker"),
        _table("James, John, Robert, Michael, David, William, Richard, Christopher, Daniel, Matthew, "
               "Brian, Kevin"),
        _table("Jennifer, Sarah, Jessica, Emily, Ashley, Laura, Rachel, Megan, Amanda, Lisa"),
        _in_zone("America/New_York", "New York, Atlanta, Miami")
        + _in_zone("America/Chicago", "Chicago, Houston, Dallas")
        + _in_zone("America/Los_Angeles", "Los Angeles, Seattle")
        + _in_zone("America/Detroit", "Detroit"),
        ("en",),
    ),
    _Culture(
        "GB", 4,
        _table("Smith, Jones, Taylor, Brown, Williams, Wilson, Johnson, Davies, Evans, Thomas, "
               "Roberts, Walker, Wright, Robinson, Thompson, Hughes, Edwards, Green, Hall, Wood"),
        _table("Oliver, George, Harry, James, William, Thomas, Edward, Charles, Alistair, Rhys, Callum"),
        _table("Charlotte, Emma, Sophie, Olivia, Amelia, Hannah, Victoria, Fiona, Harriet"),
        _in_zone("Europe/London", "London, Manchester, Birmingham, Leeds, Glasgow, Bristol, Sheffield"),
        ("en",),
    ),
)
_CULTURE = {c.country: c for c in _CULTURES}

# The first contacts come from these cultures, so even a tiny book shows every script.
_FIRST_CULTURES = ("CN", "JP", "KR", "SA", "TH", "IN", "RU", "DE", "IL")
_FIRST_FAMILY = {"CN": "张", "DE": "Müller"}

# Many people working for companies in the Emirates are from India.
_STAFF_MIX = {"AE": (("AE", 65), ("IN", 35))}

_RU_PATRONYMICS = _table(
    "Петрович|Петровна:Petrovich|Petrovna, Иванович|Ивановна:Ivanovich|Ivanovna, "
    "Александрович|Александровна:Alexandrovich|Alexandrovna, Сергеевич|Сергеевна:Sergeevich|Sergeevna, "
    "Николаевич|Николаевна:Nikolaevich|Nikolaevna, Владимирович|Владимировна:Vladimirovich|Vladimirovna, "
    "Михайлович|Михайловна:Mikhailovich|Mikhailovna, Андреевич|Андреевна:Andreevich|Andreevna, "
    "Викторович|Викторовна:Viktorovich|Viktorovna, Юрьевич|Юрьевна:Yurievich|Yurievna")

_EU = frozenset({"DE", "FR", "PL", "ES", "CZ", "SE", "IT", "NL"})

# Companies --------------------------------------------------------------------
# Patterns are (English name, native name or None, words for the web domain).
# Industries are (sector, local word[, native word]); brands (native, Latin).

@dataclass(frozen=True)
class _CompanyStyle:
    patterns: tuple[tuple[str, str | None, str], ...]
    industries: tuple[tuple[str, ...], ...]
    tld: str
    brands: tuple[tuple[str, ...], ...] = ()


_ARABIC_INDUSTRIES = _table(
    "food:Food Industries:للصناعات الغذائية, electronics:Electronics:للإلكترونيات, "
    "machinery:Industrial Equipment:للمعدات الصناعية, building:Building Materials:لمواد البناء, "
    "medical:Medical Supplies:للمستلزمات الطبية")

_COMPANY_STYLES = {
    "CN": _CompanyStyle(
        (("{city} {brand} {ind} Co., Ltd.", "{city_n}{brand_n}{ind_n}有限公司", "{brand} {ind}"),),
        _table("electronics:Electronics:电子, machinery:Machinery:机械, machinery:Hardware Products:五金制品, "
               "lighting:Lighting:照明, textiles:Textile:纺织, plastics:Plastic Products:塑胶制品, "
               "furniture:Furniture:家具, food:Food:食品, auto_parts:Auto Parts:汽车配件, "
               "packaging:Packaging Materials:包装材料, medical:Medical Devices:医疗器械, "
               "trading:Import & Export:进出口"),
        "com.cn",
        _table("华信:Huaxin, 宏达:Hongda, 鑫源:Xinyuan, 恒通:Hengtong, 金桥:Jinqiao, 博远:Boyuan, "
               "联创:Lianchuang, 瑞丰:Ruifeng, 汇通:Huitong, 盛泰:Shengtai, 永兴:Yongxing, "
               "天成:Tiancheng, 嘉禾:Jiahe, 远航:Yuanhang, 中瑞:Zhongrui, 新锐:Xinrui"),
    ),
    "TW": _CompanyStyle(
        (("{brand} {ind} Co., Ltd.", "{brand_n}{ind_n}股份有限公司", "{brand} {ind}"),
         ("{brand} {ind} Corp.", "{brand_n}{ind_n}股份有限公司", "{brand}")),
        _table("electronics:Electronics:電子, machinery:Precision:精密, lighting:Optoelectronics:光電, "
               "machinery:Machinery:機械, electronics:Technology:科技, plastics:Plastics:塑膠, "
               "auto_parts:Auto Parts:汽車零件"),
        "com.tw",
        _table("嘉鴻:Chia Hung, 宏展:Hung Chan, 鑫達:Hsin Ta, 建益:Chien Yi, 聯昌:Lien Chang, "
               "昇達:Sheng Ta, 瑞泰:Jui Tai, 永勝:Yung Sheng, 台茂:Tai Mao"),
    ),
    "JP": _CompanyStyle(
        (("{brand} {ind} Co., Ltd.", "{brand_n}{ind_n}株式会社", "{brand} {ind}"),
         ("{brand} {ind} Corporation", "株式会社{brand_n}{ind_n}", "{brand} {ind}")),
        _table("machinery:Seiki:精機, electronics:Electric:電機, chemicals:Chemical Industries:化学工業, "
               "food:Foods:食品, machinery:Industries:工業, trading:Trading:商事, "
               "auto_parts:Auto Parts:自動車部品"),
        "co.jp",
        _table("大和:Yamato, 東洋:Toyo, 日進:Nisshin, 三協:Sankyo, 富士:Fuji, 北斗:Hokuto, 旭:Asahi, "
               "平和:Heiwa, 昭和:Showa, 太陽:Taiyo, 光陽:Koyo, 中央:Chuo, 丸和:Maruwa"),
    ),
    "KR": _CompanyStyle(
        (("{brand} {ind} Co., Ltd.", "(주){brand_n}{ind_n}", "{brand} {ind}"),
         ("{brand} {ind} Co., Ltd.", "주식회사 {brand_n}{ind_n}", "{brand}{ind}")),
        _table("electronics:Electronics:전자, machinery:Precision:정밀, machinery:Industrial:산업, "
               "chemicals:Chemical:화학, electronics:Tech:테크, food:Foods:식품, auto_parts:Autotech:오토텍"),
        "co.kr",
        _table("한빛:Hanbit, 대성:Daesung, 세원:Sewon, 동양:Dongyang, 우진:Woojin, 삼영:Samyoung, "
               "태성:Taesung, 신성:Shinsung, 미래:Mirae, 한일:Hanil, 성진:Sungjin, 대한:Daehan"),
    ),
    "SA": _CompanyStyle(
        (("{family} Trading Co.", "شركة {family_n} للتجارة", "{family} trading"),
         ("{family} Group", "مجموعة {family_n}", "{family} group"),
         ("{family} {ind} Co.", "شركة {family_n} {ind_n}", "{family}")),
        _ARABIC_INDUSTRIES, "com.sa",
    ),
    "AE": _CompanyStyle(
        (("{family} General Trading LLC", "{family_n} للتجارة العامة ذ.م.م", "{family} trading"),
         ("{family} {ind} LLC", "شركة {family_n} {ind_n} ذ.م.م", "{family} group")),
        _ARABIC_INDUSTRIES, "ae",
    ),
    "TH": _CompanyStyle(
        (("{brand} {ind} Co., Ltd.", "บริษัท {brand_n}{ind_n} จำกัด", "{brand} {ind}"),
         ("{brand} {ind} Public Company Limited", "บริษัท {brand_n}{ind_n} จำกัด (มหาชน)",
          "{brand} {ind}")),
        _table("food:Food:อาหาร, trading:Trading:เทรดดิ้ง, plastics:Plastic:พลาสติก, "
               "electronics:Electronics:อิเล็กทรอนิกส์, machinery:Industry:อุตสาหกรรม, "
               "packaging:Packaging:แพ็คเกจจิ้ง"),
        "co.th",
        _table("สยาม:Siam, เจริญชัย:Charoenchai, ศรีสวัสดิ์:Srisawat, มั่นคง:Mankong, รุ่งโรจน์:Rungroj, "
               "เอเชีย:Asia, ทองไทย:Thong Thai, บางกอก:Bangkok"),
    ),
    "RU": _CompanyStyle(
        (("{brand} LLC", "ООО «{brand_n}»", "{brand}"), ("{brand} JSC", "АО «{brand_n}»", "{brand}")),
        _table("machinery:Machinery, electronics:Electronics, food:Food, building:Building Materials, "
               "chemicals:Chemicals, auto_parts:Auto Parts"),
        "ru",
        _table("Техснаб:Tekhsnab, Промресурс:Promresurs, Стройкомплект:Stroykomplekt, "
               "Энергоресурс:Energoresurs, Уралпромторг:Uralpromtorg, Волгатрейд:Volgatrade, "
               "Сибагро:Sibagro, Балтпоставка:Baltpostavka, Техноимпорт:Tekhnoimport"),
    ),
    "IN": _CompanyStyle(
        (("{family} {ind} Pvt. Ltd.", None, "{family} {ind}"), ("{family} {ind}", None, "{family} {ind}"),
         ("{family} & {family2} {ind} Pvt. Ltd.", None, "{family} {family2}")),
        _table("machinery:Engineering Works, electronics:Electricals, packaging:Packaging, "
               "food:Agro Foods, auto_parts:Auto Components, plastics:Polymers, textiles:Textiles, "
               "trading:Exports, lighting:Lighting"),
        "co.in",
    ),
    "IL": _CompanyStyle(
        (("{family} {ind} Ltd.", None, "{family} {ind}"),),
        _table("electronics:Technologies, food:Agritech, medical:Medical Systems, plastics:Plastics, "
               "machinery:Industries"),
        "co.il",
    ),
    "DE": _CompanyStyle(
        (("{family} {ind} GmbH", None, "{family} {ind}"),
         ("{family} {ind} GmbH & Co. KG", None, "{family} {ind}"),
         ("{family} & {family2} GmbH", None, "{family} {family2}")),
        _table("machinery:Maschinenbau, electronics:Elektrotechnik, packaging:Verpackungen, "
               "food:Feinkost, auto_parts:Fahrzeugteile, plastics:Kunststofftechnik, "
               "medical:Medizintechnik, lighting:Lichttechnik, trading:Handelsgesellschaft"),
        "de",
    ),
    "FR": _CompanyStyle(
        (("{family} {ind} SAS", None, "{family} {ind}"), ("Groupe {family} SA", None, "groupe {family}"),
         ("Établissements {family}", None, "ets {family}")),
        _table("machinery:Industries, electronics:Électronique, packaging:Emballages, "
               "food:Agroalimentaire, auto_parts:Équipements Auto, plastics:Plasturgie, "
               "medical:Médical, lighting:Éclairage, trading:Distribution"),
        "fr",
    ),
    "PL": _CompanyStyle(
        (("{family} {ind} Sp. z o.o.", None, "{family} {ind}"),),
        _table("machinery:Maszyny, electronics:Elektronika, packaging:Opakowania, food:Żywność, "
               "auto_parts:Części Samochodowe, plastics:Tworzywa, furniture:Meble, "
               "lighting:Oświetlenie, trading:Handel"),
        "pl",
    ),
    "ES": _CompanyStyle(
        (("{ind} {family} S.L.", None, "{ind} {family}"),
         ("{ind} {family} S.A.", None, "{family} {ind}")),
        _table("machinery:Maquinaria, electronics:Electrónica, packaging:Envases, food:Alimentación, "
               "auto_parts:Recambios, plastics:Plásticos, furniture:Muebles, lighting:Iluminación, "
               "trading:Distribuciones"),
        "es",
    ),
    "BR": _CompanyStyle(
        (("{ind} {family} Ltda.", None, "{ind} {family}"), ("{family} {ind} S.A.", None, "{family}")),
        _table("machinery:Máquinas, electronics:Eletrônicos, packaging:Embalagens, food:Alimentos, "
               "auto_parts:Autopeças, plastics:Plásticos, furniture:Móveis, lighting:Iluminação, "
               "trading:Comercial"),
        "com.br",
    ),
    "TR": _CompanyStyle(
        (("{family} {ind} San. ve Tic. A.Ş.", None, "{family} {ind}"),
         ("{family} {ind} Ltd. Şti.", None, "{family} {ind}")),
        _table("machinery:Makine, electronics:Elektronik, packaging:Ambalaj, food:Gıda, "
               "auto_parts:Otomotiv, plastics:Plastik, furniture:Mobilya, lighting:Aydınlatma, "
               "textiles:Tekstil, trading:Dış Ticaret"),
        "com.tr",
    ),
    "CZ": _CompanyStyle(
        (("{ind} {family} s.r.o.", None, "{ind} {family}"),
         ("{family} {ind} a.s.", None, "{family} {ind}")),
        _table("machinery:Strojírny, electronics:Elektro, packaging:Obaly, food:Potraviny, "
               "auto_parts:Autodíly, plastics:Plasty, furniture:Nábytek, lighting:Osvětlení"),
        "cz",
    ),
    "SE": _CompanyStyle(
        (("{family} {ind} AB", None, "{family} {ind}"),),
        _table("machinery:Industri, electronics:Elektronik, packaging:Förpackning, food:Livsmedel, "
               "auto_parts:Fordonsdelar, plastics:Plast, furniture:Möbler, lighting:Belysning, "
               "trading:Handel"),
        "se",
    ),
    "VN": _CompanyStyle(
        (("{brand} {ind} Co., Ltd.", "Công ty TNHH {ind_n} {brand_n}", "{brand}"),),
        _table("trading:Trading:Thương mại, machinery:Manufacturing:Sản xuất, "
               "electronics:Electronics:Điện tử, food:Foods:Thực phẩm, textiles:Garment:Dệt may, "
               "plastics:Plastics:Nhựa, packaging:Packaging:Bao bì, furniture:Furniture:Nội thất"),
        "com.vn",
        _table("Minh Phát:Minh Phat, Hoàng Long:Hoang Long, Phú Thịnh:Phu Thinh, Thành Công:Thanh Cong, "
               "Đại Phát:Dai Phat, An Khang:An Khang, Tân Tiến:Tan Tien, Hưng Thịnh:Hung Thinh, "
               "Việt Hưng:Viet Hung"),
    ),
    "IT": _CompanyStyle(
        (("{family} {ind} S.r.l.", None, "{family} {ind}"),
         ("Fratelli {family} S.p.A.", None, "fratelli {family}")),
        _table("machinery:Meccanica, electronics:Elettronica, packaging:Imballaggi, food:Alimentari, "
               "auto_parts:Ricambi Auto, plastics:Plastica, furniture:Arredamenti, "
               "lighting:Illuminazione, textiles:Tessile"),
        "it",
    ),
    "NL": _CompanyStyle(
        (("{family} {ind} B.V.", None, "{family} {ind}"),),
        _table("machinery:Techniek, electronics:Elektronica, packaging:Verpakkingen, food:Food, "
               "auto_parts:Auto-onderdelen, plastics:Kunststoffen, furniture:Meubelen, "
               "lighting:Verlichting, trading:Trading"),
        "nl",
    ),
    "US": _CompanyStyle(
        (("{family} {ind} Inc.", None, "{family} {ind}"),
         ("{family} & {family2} {ind} LLC", None, "{family} {family2}")),
        _table("machinery:Industrial Supply, electronics:Electronics, packaging:Packaging, food:Foods, "
               "auto_parts:Auto Parts, plastics:Plastics, furniture:Furniture, lighting:Lighting, "
               "medical:Medical, trading:Distribution"),
        "com",
    ),
    "GB": _CompanyStyle(
        (("{family} {ind} Ltd", None, "{family} {ind}"),
         ("{family} & {family2} Ltd", None, "{family} {family2}")),
        _table("machinery:Engineering, electronics:Electronics, packaging:Packaging, food:Foods, "
               "auto_parts:Motor Factors, plastics:Plastics, furniture:Interiors, lighting:Lighting, "
               "trading:Trading"),
        "co.uk",
    ),
}

_CITY_NATIVE = {
    "Shenzhen": "深圳", "Guangzhou": "广州", "Dongguan": "东莞", "Foshan": "佛山", "Ningbo": "宁波",
    "Yiwu": "义乌", "Suzhou": "苏州", "Shanghai": "上海", "Hangzhou": "杭州", "Xiamen": "厦门",
    "Qingdao": "青岛", "Tianjin": "天津", "Wenzhou": "温州",
}

_SECTOR_LABELS = {
    "electronics": "Electronics", "machinery": "Machinery & equipment", "food": "Food & beverage",
    "textiles": "Textiles & apparel", "plastics": "Plastics", "packaging": "Packaging",
    "furniture": "Furniture", "lighting": "Lighting", "auto_parts": "Automotive parts",
    "medical": "Medical devices", "chemicals": "Chemicals", "building": "Building materials",
    "trading": "Trading",
}

# Products: (noun, unit, lowest price, highest price, smallest MOQ, largest MOQ).
_PRODUCTS = {
    "electronics": _table("USB-C chargers:pcs:3.2:9.8:1000:5000, LED drivers:pcs:2.1:14:1000:10000, "
                          "Bluetooth speakers:pcs:6.5:28:500:3000, PCB assemblies:pcs:4:45:500:5000, "
                          "smart plugs:pcs:3.9:8.5:1000:5000"),
    "machinery": _table("CNC spindles:units:850:4800:2:20, hydraulic pumps:units:180:1600:10:100, "
                        "gear motors:units:120:950:20:200, labelling machines:units:6500:28000:1:5"),
    "food": _table("extra virgin olive oil:cartons:38:72:300:1200, frozen shrimp:cartons:45:95:200:1000, "
                   "Medjool dates:cartons:28:65:300:1500, jasmine rice:bags:18:32:500:2000, "
                   "green tea:cartons:40:120:100:800, instant noodles:cartons:6:14:1000:5000"),
    "textiles": _table("cotton T-shirts:pcs:1.8:6.5:1000:10000, workwear jackets:pcs:12:38:300:3000, "
                       "bath towels:pcs:2.4:9:1000:8000, bed linen sets:sets:9:32:300:3000"),
    "plastics": _table("injection-moulded housings:pcs:0.35:4.8:5000:50000, "
                       "PP storage boxes:pcs:1.2:6:2000:20000, "
                       "PET preforms:pcs:0.03:0.12:100000:1000000"),
    "packaging": _table("corrugated shipping boxes:pcs:0.18:1.6:10000:100000, "
                        "kraft paper bags:pcs:0.05:0.4:20000:200000, shrink film:rolls:18:45:200:2000"),
    "furniture": _table("ergonomic office chairs:pcs:38:180:100:1000, "
                        "flat-pack wardrobes:sets:65:240:50:500, "
                        "outdoor dining sets:sets:120:650:30:300"),
    "lighting": _table("LED panel lights:pcs:6:28:500:5000, LED street lights:pcs:45:260:100:1000, "
                       "LED strips:rolls:2.5:14:1000:10000"),
    "auto_parts": _table("brake pads:sets:3.5:18:500:5000, LED headlamps:pairs:12:85:200:2000, "
                         "wiper blades:pcs:1.2:6:1000:10000, shock absorbers:pcs:9:45:200:2000"),
    "medical": _table("nitrile examination gloves:boxes:2.2:4.8:2000:20000, "
                      "infusion pumps:units:380:1450:10:100, surgical masks:boxes:1.8:5.5:2000:20000, "
                      "patient monitors:units:420:2600:5:50"),
    "chemicals": _table("water-based adhesives:kg:1.6:4.5:1000:20000, "
                        "industrial coatings:kg:3.2:12:500:10000, epoxy resins:kg:2.8:7.5:1000:20000"),
    "building": _table("porcelain floor tiles:m²:6:24:500:5000, "
                       "aluminium window profiles:t:2800:3900:5:50, "
                       "sanitary fittings:sets:18:120:100:2000"),
}
_MODEL_SECTORS = frozenset({"electronics", "machinery", "lighting", "auto_parts", "medical", "furniture",
                            "plastics"})
_UNIT_SINGULAR = {"pcs": "piece", "units": "unit", "cartons": "carton", "bags": "bag", "rolls": "roll",
                  "sets": "set", "pairs": "pair", "boxes": "box", "kg": "kg", "m²": "m²", "t": "tonne"}

_JOB_TITLES = (
    ("Purchasing Manager", 9), ("Head of Procurement", 5), ("Senior Buyer", 5), ("Buyer", 5),
    ("Sourcing Manager", 5), ("Import Manager", 5), ("Category Manager", 3),
    ("Supply Chain Manager", 3), ("Business Development Manager", 5), ("Sales Director", 3),
    ("Key Account Manager", 3), ("Product Manager", 4), ("Quality Manager", 3),
    ("Technical Director", 2), ("Operations Director", 2), ("Managing Director", 4),
    ("General Manager", 4), ("CEO", 2), ("Owner", 3), ("Founder & CEO", 1),
    ("Vice President, Sourcing", 1), ("Marketing Manager", 2), ("Procurement Specialist", 3),
)
_SENIOR = ("Director", "Head", "CEO", "Owner", "Founder", "Vice President", "General Manager")

_ORGANIZATIONS = {
    "CN": ("German Chamber of Commerce in China",
           "CCPIT (China Council for the Promotion of International Trade)"),
    "TW": ("TAITRA (Taiwan External Trade Development Council)",),
    "JP": ("JETRO (Japan External Trade Organization)",
           "German Chamber of Commerce and Industry in Japan"),
    "KR": ("KOTRA (Korea Trade-Investment Promotion Agency)",),
    "SA": ("Riyadh Chamber of Commerce",),
    "AE": ("Dubai Chambers", "German Emirati Joint Council for Industry & Commerce"),
    "TH": ("Thai Chamber of Commerce",),
    "IN": ("Indo-German Chamber of Commerce", "FICCI"),
    "RU": ("Russian-German Chamber of Commerce",),
    "BR": ("Brazilian-German Chamber of Commerce (AHK São Paulo)",),
    "VN": ("VCCI (Vietnam Chamber of Commerce and Industry)",),
    "US": ("U.S. Commercial Service",),
}
_ANY_ORGANIZATION = ("Enterprise Europe Network", "Trade fair organizer's matchmaking service",
                     "Industry association delegation")

_MESSENGERS = {"CN": "WeChat", "TW": "LINE", "JP": "LINE", "TH": "LINE", "KR": "KakaoTalk",
               "RU": "Telegram", "VN": "Zalo"}

_PORTS = {
    "CN": "Shanghai", "TW": "Kaohsiung", "JP": "Yokohama", "KR": "Busan", "SA": "Jeddah",
    "AE": "Jebel Ali", "TH": "Laem Chabang", "IN": "Nhava Sheva", "RU": "St. Petersburg",
    "IL": "Haifa", "DE": "Hamburg", "FR": "Le Havre", "PL": "Gdańsk", "ES": "Valencia",
    "BR": "Santos", "TR": "Mersin", "SE": "Gothenburg", "VN": "Hai Phong", "IT": "Genoa",
    "NL": "Rotterdam", "US": "Los Angeles", "GB": "Felixstowe",
}
_REGIONS = {
    "CN": "South China", "TW": "Taiwan", "JP": "the Kansai region", "KR": "Korea", "SA": "the GCC",
    "AE": "the GCC", "TH": "Thailand and Laos", "IN": "North India", "RU": "Russia",
    "IL": "Israel", "DE": "the DACH region", "FR": "France and Belgium", "PL": "Poland",
    "ES": "Spain and Portugal", "BR": "Brazil", "TR": "Turkey", "CZ": "Czechia and Slovakia",
    "SE": "Scandinavia", "VN": "Vietnam", "IT": "Northern Italy", "NL": "the Benelux",
    "US": "the Midwest", "GB": "the UK and Ireland",
}
_RIVALS = ("China", "Vietnam", "Turkey", "India", "Poland", "Italy", "Taiwan", "South Korea", "Mexico")
_COUNTRY_NAMES = {"CN": "China", "VN": "Vietnam", "TR": "Turkey", "IN": "India", "PL": "Poland",
                  "IT": "Italy", "TW": "Taiwan", "KR": "South Korea"}
_BOSSES = ("CEO", "owner", "purchasing director", "managing director", "board", "head of engineering")
_PAYMENT_TERMS = ("30% deposit, 70% before shipment", "30% T/T deposit, balance against copy of B/L",
                  "L/C at sight", "net 60 days", "100% T/T in advance", "net 30 days")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_CONSENT_AT_FAIR = ("badge scan at booth", "business card, verbal consent",
                    "signed visitor form at our stand")
_CONSENT_ELSEWHERE = ("web form, double opt-in", "email reply confirming contact",
                      "business card, verbal consent")


@functools.lru_cache(maxsize=None)
def _certifications(sector: str, country: str) -> tuple[str, ...]:
    """Certificates a buyer in *country* asks for, for goods of *sector*."""
    if sector == "food":
        certs = ["HACCP", "ISO 22000", "BRCGS", "IFS Food"]
        if country in ("SA", "AE", "TR", "IN"):
            certs.append("Halal")
        if country == "US":
            certs.append("FDA registration")
        return tuple(certs)
    market = {"US": ("UL", "FCC"), "JP": ("PSE",), "KR": ("KC",), "SA": ("SASO",), "CN": ("CCC",),
              "IN": ("BIS",), "RU": ("EAC",), "GB": ("UKCA",)}.get(country, ("CE", "RoHS", "REACH"))
    return ("ISO 9001", "ISO 14001") + market


# Trade fairs --------------------------------------------------------------------

@dataclass(frozen=True)
class _Fair:
    name: str
    city: str
    country: str
    zone: str
    venue: str
    halls: tuple[str, ...]
    sectors: tuple[str, ...]       # empty: every sector
    season: tuple[tuple[int, int, str], ...]   # usual (month, day, edition label) of the opening
    days: int = 4
    cycle: int = 1                 # held every so many years ...
    first_year: int = 2000         # ... counting from this one


def _fair(name: str, place: str, zone: str, venue: str, halls: str, sectors: str, season: str,
          days: int = 4, cycle: int = 1, first_year: int = 2000) -> _Fair:
    """A fair from compact text: ``place`` is "City, CC"; ``season`` is "MM-DD[ label], …"."""
    city, country = (part.strip() for part in place.rsplit(",", 1))
    openings = []
    for item in season.split(","):
        day, _, label = item.strip().partition(" ")
        month, day_of_month = (int(x) for x in day.split("-"))
        openings.append((month, day_of_month, label))
    return _Fair(name, city, country, zone, venue, tuple(h.strip() for h in halls.split(",")),
                 tuple(s.strip() for s in sectors.split(",") if s.strip()), tuple(openings),
                 days, cycle, first_year)


# Real fairs at their usual time of year (approximately: exact dates move a little each year).
_FAIRS = (
    _fair("Canton Fair", "Guangzhou, CN", "Asia/Shanghai", "China Import and Export Fair Complex",
          "Hall 9.2, Hall 10.1, Hall 11.3, Hall 13.1, Hall 16.2, Hall 17.1", "",
          "04-15 Spring, 10-15 Autumn", days=5),
    _fair("Hannover Messe", "Hannover, DE", "Europe/Berlin", "Hannover Exhibition Grounds",
          "Hall 6, Hall 9, Hall 11, Hall 12, Hall 15, Hall 17",
          "machinery, electronics, plastics, chemicals", "04-20", days=5),
    _fair("Gulfood", "Dubai, AE", "Asia/Dubai", "Dubai World Trade Centre",
          "Sheikh Saeed Hall 1, Sheikh Saeed Hall 3, Za'abeel Hall 2, Hall 7", "food", "02-17", days=5),
    _fair("FOODEX Japan", "Tokyo, JP", "Asia/Tokyo", "Tokyo Big Sight",
          "East Hall 4, East Hall 5, East Hall 6, West Hall 1", "food", "03-11"),
    _fair("Automechanika Frankfurt", "Frankfurt am Main, DE", "Europe/Berlin", "Messe Frankfurt",
          "Hall 3.0, Hall 4.1, Hall 8.0, Hall 9.1, Hall 11.0, Hall 12.0", "auto_parts", "09-09",
          days=5, cycle=2, first_year=2024),
    _fair("CES", "Las Vegas, US", "America/Los_Angeles", "Las Vegas Convention Center",
          "LVCC Central Hall, LVCC North Hall, LVCC West Hall, Venetian Expo Hall G",
          "electronics, lighting", "01-07"),
    _fair("China International Import Expo", "Shanghai, CN", "Asia/Shanghai",
          "National Exhibition and Convention Center (Shanghai)",
          "Hall 1.1, Hall 2.1, Hall 4.1, Hall 6.1, Hall 7.2, Hall 8.1", "", "11-05", days=6),
    _fair("interpack", "Düsseldorf, DE", "Europe/Berlin", "Messe Düsseldorf",
          "Hall 5, Hall 6, Hall 10, Hall 13, Hall 14", "packaging, food, machinery, plastics", "05-07",
          days=7, cycle=3, first_year=2023),
    _fair("MEDICA", "Düsseldorf, DE", "Europe/Berlin", "Messe Düsseldorf",
          "Hall 3, Hall 10, Hall 12, Hall 16", "medical", "11-17"),
    _fair("Heimtextil", "Frankfurt am Main, DE", "Europe/Berlin", "Messe Frankfurt",
          "Hall 3.1, Hall 4.0, Hall 8.0, Hall 12.0", "textiles, furniture", "01-14"),
    _fair("Anuga", "Cologne, DE", "Europe/Berlin", "Koelnmesse",
          "Hall 4.1, Hall 5.2, Hall 10.1, Hall 11.2", "food", "10-04", days=5, cycle=2, first_year=2023),
    _fair("SIAL Paris", "Paris, FR", "Europe/Paris", "Paris Nord Villepinte",
          "Hall 5a, Hall 5b, Hall 6, Hall 7", "food", "10-19", days=5, cycle=2, first_year=2024),
    _fair("Salone del Mobile.Milano", "Milan, IT", "Europe/Rome", "Fiera Milano, Rho",
          "Hall 2, Hall 6, Hall 10, Hall 16, Hall 20", "furniture, lighting", "04-08", days=6),
    _fair("MWC Barcelona", "Barcelona, ES", "Europe/Madrid", "Fira Gran Via",
          "Hall 2, Hall 3, Hall 5, Hall 6, Hall 7", "electronics", "03-03"),
    _fair("Computex", "Taipei, TW", "Asia/Taipei", "Taipei Nangang Exhibition Center",
          "Nangang Hall 1 1F, Nangang Hall 1 4F, Nangang Hall 2 4F", "electronics", "05-20"),
    _fair("THAIFEX – Anuga Asia", "Bangkok, TH", "Asia/Bangkok", "IMPACT Muang Thong Thani",
          "Challenger Hall 1, Challenger Hall 2, Hall 5, Hall 9", "food", "05-27", days=5),
    _fair("Seoul Food", "Goyang, KR", "Asia/Seoul", "KINTEX", "Hall 2, Hall 3, Hall 5, Hall 7", "food",
          "06-10"),
    _fair("Saudi Food Show", "Riyadh, SA", "Asia/Riyadh",
          "Riyadh International Convention & Exhibition Center", "Hall 1, Hall 2, Hall 3", "food",
          "05-12", days=3),
    _fair("Big 5 Global", "Dubai, AE", "Asia/Dubai", "Dubai World Trade Centre",
          "Za'abeel Hall 4, Sheikh Rashid Hall, Hall 8", "building, lighting, machinery", "11-24"),
    _fair("INNOPROM", "Yekaterinburg, RU", "Asia/Yekaterinburg", "IEC Ekaterinburg-EXPO",
          "Hall 1, Hall 2, Hall 3, Hall 4", "machinery, building, chemicals, auto_parts", "07-07"),
    _fair("IMTEX", "Bengaluru, IN", "Asia/Kolkata", "Bangalore International Exhibition Centre",
          "Hall 1, Hall 2, Hall 3, Hall 4, Hall 5", "machinery", "01-23",
          days=6, cycle=2, first_year=2025),
)
# Big fairs with many meetings: the one on right now is the one of these nearest in season.
_CURRENT_FAIRS = ("Canton Fair", "Hannover Messe", "Gulfood", "FOODEX Japan", "Automechanika Frankfurt",
                  "CES", "MEDICA", "China International Import Expo", "Computex", "Anuga")
_PAST_DAYS = 700      # how far back editions go
_AHEAD_DAYS = 120     # how far ahead upcoming editions are listed


# Text ---------------------------------------------------------------------------
# Summaries are English; placeholders are filled from the contact's story.

_FIRST_AT_FAIR = (
    "First meeting at {booth}. {given} is looking for a second source of {noun}; asked for prices "
    "at MOQ {moq} {unit} and a lead time under {lead} weeks.",
    "Met at our stand during {event}. Interested in {item}; they need {cert} documentation before "
    "any order.",
    "Short talk at {booth}, exchanged cards. {given} wants our catalogue and price list for {noun}, "
    "{incoterm}.",
    "Met {given} at {event}. They buy about {qty} {unit} of {noun} a year, currently from {rival}; "
    "open to a trial if the price is right.",
)
_FIRST_ELSEWHERE = (
    "Video call after an enquiry through our website: {given} needs {noun}, about {qty} {unit} a year.",
    "First meeting at their office in {city}. Toured the warehouse; they distribute {noun} "
    "across {region}.",
)
_FILLERS = {
    "email": (
        "Sent quotation: {item} at {currency} {price} per {unit_one}, {incoterm}, payment "
        "{payment}, lead time {lead} weeks.",
        "Sent the {cert} certificate and the latest test reports.",
        "Sent catalogue, price list and company profile as promised.",
        "{given} confirmed receipt of the samples; feedback from their QC team expected next week.",
        "Revised offer: {currency} {price} per {unit_one} at MOQ {moq} {unit}, {incoterm}.",
    ),
    "call": (
        "Call with {given}: their target price is {currency} {target} per {unit_one}; we are at "
        "{currency} {price}. They will discuss internally.",
        "Discussed payment terms: they asked for {payment_alt}; we proposed {payment}.",
        "Call about lead times: {lead} weeks after deposit works if the first batch ships "
        "before {month}.",
        "Follow-up call; {given} is waiting for approval from the {boss}.",
    ),
    "meeting": (
        "Video call with their QC team about {cert} compliance and pre-shipment inspection (AQL 2.5).",
        "Visited their office in {city}; met the {boss} and reviewed the {noun} range.",
        "Audit by {given}'s team at our plant went well; two minor findings to close within 30 days.",
    ),
    "note": (
        "Decision maker is the {boss}; {given} prepares the shortlist.",
        "A competitor offered {pct}% lower, but with {lead_long} weeks lead time.",
        "{given} mentioned a tender for {qty} {unit} of {noun} next quarter.",
        "Prefers {channel} for quick questions; emails are answered within a day.",
    ),
}
_FILLER_KINDS = (("email", 40), ("call", 25), ("meeting", 15), ("note", 20))
_STAGE_BEATS = {
    "rapport": (("call", "Good call with {given}; agreed to move ahead with samples of {item}."),
                ("email", "Samples of {item} dispatched by courier; tracking number sent to {given}.")),
    "trial_order": (("email", "Trial order received: {qty_small} {unit} of {item}, {incoterm}, "
                              "{payment}."),
                    ("call", "Trial order confirmed by phone: {qty_small} {unit}, delivery in {lead} "
                             "weeks, {payment}.")),
    "partner": (("meeting", "Quarterly review with {given}: reorder of {qty} {unit}; discussed a "
                            "12-month price agreement."),
                ("meeting", "Signed a distribution agreement for {region}; they commit to {qty} {unit} "
                            "a year.")),
    "dormant": (("note", "No reply to our last two emails; {given} said their project is on hold until "
                         "next year."),),
    "lost": (("note", "Lost: they went with a supplier from {rival} at {currency} {target} per "
                      "{unit_one} (our offer {currency} {price})."),
             ("note", "Lost: their management froze all new suppliers this year.")),
}
_OUR_PROMISES = (
    "Send samples of {item}", "Send revised quotation with {incoterm} pricing",
    "Send {cert} declaration of conformity", "Share production schedule for the trial order",
    "Send catalogue and price list", "Arrange a video call with our engineer about {noun}",
)
_THEIR_PROMISES = (
    "Send ISO 9001 certificate", "Send feedback on the {noun} samples",
    "Confirm order quantity for {month}", "Send signed NDA", "Share target price for {item}",
    "Send company registration documents for our KYC check", "Send purchase order for the trial order",
    "Introduce us to their {boss}",
)
_FOLLOW_UP_REASONS = (
    "Follow up after first meeting", "Ask for feedback on the samples", "Check status of the quotation",
    "Confirm trial order details", "Remind them about the {cert} certificate",
    "Propose a call with our engineer", "Check in: no reply for three weeks",
)
_AGENDAS = (
    "Discuss sample feedback and MOQ for {item}", "Negotiate price for the trial order",
    "Introduce our new {noun} range", "Review delivery schedule ({incoterm})",
    "Payment terms: {payment}", "{cert} documents and factory audit dates",
)
_NOTES = (
    "Decides on {noun} sourcing together with the {boss}.",
    "Price-driven; benchmarks us against suppliers in {rival}.",
    "Needs {cert} documentation for every shipment.",
    "Speaks good English; prefers meetings before noon.",
    "Prefers {channel} for quick questions.",
    "Visits the big fairs every year; good contact for {region}.",
    "Asked about exclusive distribution for {region}.",
)
_CULTURE_NOTES = {
    "CN": "Likes to discuss business over dinner; invited us to visit their plant in {city}.",
    "JP": "Decisions go through internal consensus (ringi); expect several rounds of questions.",
    "KR": "Very fast replies, expects the same; quote in USD.",
    "SA": "Avoid calls on Friday; during Ramadan meetings are best after iftar.",
    "AE": "Weekend is Saturday–Sunday; reachable on WhatsApp on Fridays.",
    "TH": "Relationship first: lunch before any negotiation.",
    "IN": "Expects room to negotiate; first quotation should leave margin.",
    "RU": "Wants contracts in Russian and English.",
    "DE": "Wants detailed technical data sheets before a meeting; punctual.",
    "TR": "Family business; the owner signs every order.",
}


# Helpers ----------------------------------------------------------------------------

_GERMAN_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                              "ß": "ss"})


def _ascii_words(text: str, country: str) -> list[str]:
    """Lower-case ASCII words of *text* for addresses (Müller → mueller in German-speaking places)."""
    if country in ("DE", "AT", "CH"):
        text = text.translate(_GERMAN_FOLD)
    return re.findall(r"[a-z0-9]+", unidecode(text).lower().replace("-", "").replace("'", ""))


_PHONE_TYPES = {"mobile": (phonenumbers.PhoneNumberType.MOBILE,),
                "work": (phonenumbers.PhoneNumberType.FIXED_LINE,)}
_EITHER = phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE

# Landline area codes (national significant number prefix), so a Munich office has a Munich number.
_AREA_CODES = dict(_table(
    "Shenzhen:755, Guangzhou:20, Dongguan:769, Foshan:757, Ningbo:574, Yiwu:579, Suzhou:512, "
    "Shanghai:21, Hangzhou:571, Xiamen:592, Qingdao:532, Tianjin:22, Wenzhou:577, "
    "Taipei:2, New Taipei:2, Taoyuan:3, Hsinchu:3, Taichung:4, Tainan:6, Kaohsiung:7, "
    "Tokyo:3, Osaka:6, Nagoya:52, Yokohama:45, Kobe:78, Fukuoka:92, Hamamatsu:53, Sapporo:11, "
    "Seoul:2, Busan:51, Incheon:32, Daegu:53, Suwon:31, Changwon:55, Ulsan:52, Seongnam:31, "
    "Riyadh:11, Jeddah:12, Dammam:13, Al Khobar:13, Dubai:4, Abu Dhabi:2, Sharjah:6, "
    "Bangkok:2, Chiang Mai:53, Chonburi:38, Nonthaburi:2, Samut Prakan:2, Rayong:38, "
    "New Delhi:11, Noida:120, Gurugram:124, Jaipur:141, Kanpur:512, Lucknow:522, Ludhiana:161, "
    "Ahmedabad:79, Mumbai:22, Moscow:495, St. Petersburg:812, Kazan:843, Nizhny Novgorod:831, "
    "Krasnodar:861, Yekaterinburg:343, Novosibirsk:383, Tel Aviv:3, Haifa:4, Jerusalem:2, "
    "Petah Tikva:3, Herzliya:9, Rishon LeZion:3, Berlin:30, Hamburg:40, München:89, Köln:221, "
    "Frankfurt am Main:69, Stuttgart:711, Düsseldorf:211, Nürnberg:911, Hannover:511, "
    "Leipzig:341, Bremen:421, Dortmund:231, Paris:1, Lyon:4, Marseille:4, Toulouse:5, Lille:3, "
    "Nantes:2, Bordeaux:5, Strasbourg:3, Warszawa:22, Kraków:12, Łódź:42, Wrocław:71, "
    "Poznań:61, Gdańsk:58, Katowice:32, Madrid:91, Barcelona:93, Valencia:96, Sevilla:95, "
    "Bilbao:94, Zaragoza:976, Málaga:95, São Paulo:11, Rio de Janeiro:21, Curitiba:41, "
    "Porto Alegre:51, Belo Horizonte:31, Campinas:19, Joinville:47, Manaus:92, İstanbul:212, "
    "İzmir:232, Ankara:312, Bursa:224, Gaziantep:342, Kayseri:352, Konya:332, Denizli:258, "
    "Praha:2, Brno:5, Ostrava:59, Plzeň:37, Zlín:57, Liberec:48, Stockholm:8, Göteborg:31, "
    "Malmö:40, Uppsala:18, Jönköping:36, Västerås:21, Hà Nội:24, TP. Hồ Chí Minh:28, "
    "Hải Phòng:225, Đà Nẵng:236, Bình Dương:274, Cần Thơ:292, Milano:02, Torino:011, "
    "Bologna:051, Roma:06, Napoli:081, Firenze:055, Verona:045, Brescia:030, Amsterdam:20, "
    "Rotterdam:10, Eindhoven:40, Utrecht:30, Den Haag:70, Venlo:77, New York:212, Atlanta:404, "
    "Miami:305, Chicago:312, Houston:713, Dallas:214, Los Angeles:213, Seattle:206, Detroit:313, "
    "London:20, Manchester:161, Birmingham:121, Leeds:113, Glasgow:141, Bristol:117, Sheffield:114"))
# Where mobile numbers carry the area code too, and the digit that follows it: (11) 9xxxx-xxxx.
_MOBILE_AREA = {"BR": "9", "US": ""}


@functools.lru_cache(maxsize=None)
def _phone_stems(region: str, kind: str, area: str = "") -> tuple[str, tuple[str, ...]]:
    """The country code and valid national-number stems (all but the last four digits).

    Stems start with *area* when given (falling back to any area when none
    is valid there), else with the first two digits of the library's example.
    """
    example = phonenumbers.example_number_for_type(region, _PHONE_TYPES[kind][0])
    national = phonenumbers.national_significant_number(example)
    code = f"+{example.country_code}"
    wanted = _PHONE_TYPES[kind] + (_EITHER,)

    def valid(stem: str) -> bool:
        # Numbering plans fix the leading digits and the length; checking a
        # stem with low, middle and high endings makes any ending safe to use.
        for ending in ("0000", "4821", "9999"):
            number = phonenumbers.parse(code + stem + ending)
            if not (phonenumbers.is_valid_number_for_region(number, region)
                    and phonenumbers.number_type(number) in wanted):
                return False
        return True

    lead = area or national[:2]
    stems = {national[:-4]} if not area and valid(national[:-4]) else set()
    # A fixed generator, not the caller's: the stems are a property of the numbering plan.
    rng = random.Random(f"{region}:{kind}:{area}")
    for length in (len(national), len(national) + 1, len(national) - 1, len(national) + 2):
        free = length - 4 - len(lead)
        for _ in range(200 if free > 0 else 0):
            if len(stems) >= 16:
                break
            stem = lead + "".join(rng.choice("0123456789") for _ in range(free))
            if valid(stem):
                stems.add(stem)
    if not stems:
        if area:
            return _phone_stems(region, kind)
        raise LookupError(f"no phone numbers found for {region} ({kind})")
    return code, tuple(sorted(stems))


def _make_phone(rng: random.Random, region: str, kind: str, city: str) -> str:
    """A random phone number valid in *region* (see ``_phone_stems``), as E.164."""
    area = ""
    if kind == "work":
        area = _AREA_CODES.get(city, "")
    elif region in _MOBILE_AREA:
        area = _AREA_CODES.get(city, "") + _MOBILE_AREA[region]
    code, stems = _phone_stems(region, kind, area)
    return code + rng.choice(stems) + f"{rng.randrange(10000):04d}"


def _weighted(pairs):
    """Split (value, weight) pairs into values and cumulative weights for ``rng.choices``."""
    values, total, cumulative = [], 0, []
    for value, weight in pairs:
        total += weight
        values.append(value)
        cumulative.append(total)
    return values, cumulative


def _days_apart(day: date, month_day: tuple[int, int]) -> int:
    """Days between *day* and the nearest (month, day) anniversary, either way."""
    years = (day.year - 1, day.year, day.year + 1)
    return min(abs((date(year, *month_day) - day).days) for year in years)


def _at(day: date, hour: float, zone: str) -> datetime:
    """*day* at *hour* (9.5 is 09:30) in *zone*, as an aware datetime."""
    minutes = round(hour * 60)
    return datetime.combine(day, time(minutes // 60, minutes % 60), ZoneInfo(zone))


# The book ---------------------------------------------------------------------------

@dataclass
class _Edition:
    id: str
    fair: _Fair
    name: str
    starts: date
    ends: date


@dataclass
class _Company:
    id: str
    country: str
    city: str
    zone: str
    sector: str
    product: tuple[str, ...]
    model: str | None
    domain: str
    email_style: int
    room: int
    names: set[str] = field(default_factory=set)
    mailboxes: set[str] = field(default_factory=set)

    @property
    def item(self) -> str:
        """The product as written in promises: with its model code when it has one."""
        noun = self.product[0]
        return f"{noun} (model {self.model})" if self.model else noun


@dataclass
class _Person:
    index: int
    id: str
    given: str
    display: str
    country: str
    culture: str
    city: str
    zone: str
    company: _Company
    stage: str
    met_at: datetime
    booth: str | None
    edition: _Edition | None
    stage_moves: list[tuple[str, datetime]]


_STAGE_PATHS = {"met": (), "rapport": ("rapport",), "trial_order": ("rapport", "trial_order"),
                "partner": ("rapport", "trial_order", "partner"), "dormant": ("rapport", "dormant"),
                "lost": ("rapport", "lost")}
# Share of each stage by how long ago the contact was met (days): most people stay met or rapport.
_STAGES_BY_AGE = (
    (3, (("met", 85), ("rapport", 15))),
    (30, (("met", 60), ("rapport", 35), ("lost", 5))),
    (120, (("met", 42), ("rapport", 35), ("trial_order", 10), ("dormant", 5), ("lost", 8))),
    (None, (("met", 32), ("rapport", 30), ("trial_order", 14), ("partner", 9), ("dormant", 10),
            ("lost", 5))),
)
# How likely a contact of each stage is to get a detailed history.
_DETAIL_WEIGHT = {"met": 0.6, "rapport": 1.0, "trial_order": 2.5, "partner": 4.0, "dormant": 1.0,
                  "lost": 0.8}
_DETAIL_SHARE = 0.15
_DETAIL_CAP = 5000
_BATCH = 1000


class _BookWriter:
    """Writes one demo book; keeps the generator, counters and what it has written so far."""

    def __init__(self, db, rng: random.Random, now: datetime, progress) -> None:
        self.db = db
        self.rng = rng
        self.now = now
        self.today = now.date()
        self.progress = progress
        self.reported = -1
        self.counts = dict.fromkeys(("contacts", "companies", "events", "meetings", "interactions",
                                     "commitments", "follow_ups", "stage_changes"), 0)
        self.people: list[_Person] = []
        self.by_country: dict[str, list[_Person]] = {}
        self.open_company: dict[str, _Company] = {}
        self.company_names: set[str] = set()
        self.domains: set[str] = set()
        self.editions: list[_Edition] = []
        self.past_editions: list[_Edition] = []
        self.editions_by_sector: dict[str, list[_Edition]] = {}
        self.current: _Edition | None = None
        self.upcoming: _Edition | None = None
        self.cultures, self.culture_weights = _weighted((c.country, c.weight) for c in _CULTURES)
        self.titles, self.title_weights = _weighted(_JOB_TITLES)

    # Events ------------------------------------------------------------------------

    def add_events(self) -> None:
        """Editions of every fair over the last two years and the next months, one of them on now."""
        current = self.pick_current_fair()
        for fair in _FAIRS:
            local_today = self.now.astimezone(ZoneInfo(fair.zone)).date()
            if fair is current:
                # On right now, opened a day or two ago, so people were met here before today.
                starts = local_today - timedelta(days=self.rng.randint(1, 2))
                label = min(fair.season, key=lambda s: _days_apart(local_today, s[:2]))[2]
                self.current = self.add_edition(fair, starts, label, max(fair.days, 5))
            for year in range(local_today.year - 2, local_today.year + 2):
                if (year - fair.first_year) % fair.cycle:
                    continue
                for month, day, label in fair.season:
                    starts = date(year, month, day)
                    if not -_PAST_DAYS <= (starts - local_today).days <= _AHEAD_DAYS:
                        continue
                    if fair is current and abs((starts - self.current.starts).days) < 180:
                        continue   # this season's edition is the one on now
                    self.add_edition(fair, starts, label, fair.days)
        self.editions.sort(key=lambda e: e.starts)
        self.past_editions = [e for e in self.editions if e.starts < self.today or e is self.current]
        # The next fair the user can travel to once this one is over.
        later = [e for e in self.editions if e.starts > self.current.ends + timedelta(days=2)]
        self.upcoming = later[0] if later else self.current

    def pick_current_fair(self) -> _Fair:
        """One of the two big fairs whose usual season is nearest to today."""
        big = [f for f in _FAIRS if f.name in _CURRENT_FAIRS]
        nearest = sorted(big, key=lambda f: min(_days_apart(self.today, s[:2]) for s in f.season))
        return self.rng.choice(nearest[:2])

    def add_edition(self, fair: _Fair, starts: date, label: str, days: int) -> _Edition:
        name = " ".join(part for part in (fair.name, label, str(starts.year)) if part)
        ends = starts + timedelta(days=days - 1)
        event_id = add_event(self.db, name=name, city=fair.city, country=fair.country, venue=fair.venue,
                             time_zone=fair.zone, starts_on=starts.isoformat(), ends_on=ends.isoformat())
        edition = _Edition(event_id, fair, name, starts, ends)
        self.editions.append(edition)
        self.counts["events"] += 1
        return edition

    def pick_edition(self, sector: str) -> _Edition | None:
        """A fair that has begun and suits *sector*."""
        if sector not in self.editions_by_sector:
            self.editions_by_sector[sector] = [e for e in self.past_editions
                                               if not e.fair.sectors or sector in e.fair.sectors]
        editions = self.editions_by_sector[sector]
        return self.rng.choice(editions) if editions else None

    # Companies ---------------------------------------------------------------------

    def pick_company(self, country: str) -> _Company:
        """The company being filled for *country*, or a new one when it is full."""
        company = self.open_company.get(country)
        if company is None or company.room <= 0:
            company = self.add_company(country)
            self.open_company[country] = company
        company.room -= 1
        return company

    def add_company(self, country: str) -> _Company:
        """A new company in *country*: local name and legal form, product line, web domain."""
        rng = self.rng
        culture, style = _CULTURE[country], _COMPANY_STYLES[country]
        city, zone = rng.choice(culture.cities)
        for _attempt in range(8):
            pattern, native_pattern, domain_pattern = rng.choice(style.patterns)
            industry = rng.choice(style.industries)
            brand = rng.choice(style.brands) if style.brands else ("",)
            family, family2 = rng.sample(culture.family, 2)
            parts = {"city": city, "city_n": _CITY_NATIVE.get(city, city),
                     "brand": brand[-1], "brand_n": brand[0],
                     "family": _variant(family[-1], False), "family_n": _variant(family[0], False),
                     "family2": _variant(family2[-1], False),
                     "ind": industry[1], "ind_n": industry[-1]}
            name = pattern.format(**parts)
            name = name[0].upper() + name[1:]   # "de Vries Techniek" starts a sentence
            if name.casefold() not in self.company_names:
                break
        self.company_names.add(name.casefold())
        native = native_pattern.format(**parts) if native_pattern else None
        sector = industry[0]
        product_sector = rng.choice(list(_PRODUCTS)) if sector == "trading" or sector not in _PRODUCTS \
            else sector
        product = rng.choice(_PRODUCTS[product_sector])
        model = None
        if product_sector in _MODEL_SECTORS:
            letters = "".join(rng.choice("ABCDEFGHKLMNPRSTVX") for _ in range(2))
            model = f"{letters}-{rng.randrange(10, 99) * 10}"
        domain = self.claim_domain(_ascii_words(domain_pattern.format(**parts), country), city,
                                   country, style.tld)
        company_id = add_company(self.db, name=name, native_name=native, country=country, city=city,
                                 website=f"https://www.{domain}", industry=_SECTOR_LABELS[sector])
        self.counts["companies"] += 1
        room = rng.choices((1, 2, 3, 4, 5, 6), (22, 22, 20, 15, 11, 10))[0]
        return _Company(company_id, country, city, zone, product_sector, product, model, domain,
                        rng.randrange(3), room)

    def claim_domain(self, words: list[str], city: str, country: str, tld: str) -> str:
        """A web domain no other demo company uses: the name's words, then the city, then a number."""
        base = "-".join(words[:2]) or "company"
        candidates = itertools.chain((base, f"{base}-{''.join(_ascii_words(city, country))}"),
                                     (f"{base}{n}" for n in itertools.count(2)))
        for candidate in candidates:
            domain = f"{candidate}.{tld}"
            if domain not in self.domains:
                self.domains.add(domain)
                return domain
        raise AssertionError("unreachable")

    # People --------------------------------------------------------------------------

    def add_people(self, count: int, total: int) -> None:
        for start in range(0, count, _BATCH):
            with write_transaction(self.db):
                for index in range(start, min(count, start + _BATCH)):
                    self.add_person(index)
            self.report_progress(min(count, start + _BATCH), total)

    def add_person(self, index: int) -> None:
        """One contact with a full profile, and the stage moves that brought them where they are."""
        rng = self.rng
        if index < len(_FIRST_CULTURES):
            country = _FIRST_CULTURES[index]
        else:
            country = rng.choices(self.cultures, cum_weights=self.culture_weights)[0]
        company = self.pick_company(country)
        culture = _CULTURE[country]
        if country in _STAFF_MIX:
            names, weights = zip(*_STAFF_MIX[country])
            culture = _CULTURE[rng.choices(names, weights)[0]]
        female = rng.random() < 0.4
        forced = _FIRST_FAMILY.get(country) if index < len(_FIRST_CULTURES) else None
        for _attempt in range(5):
            name = self.make_name(culture, female, forced)
            if name["display_name"] not in company.names:
                break
        company.names.add(name["display_name"])
        title = rng.choices(self.titles, cum_weights=self.title_weights)[0]

        edition = self.pick_edition(company.sector) if rng.random() < 0.8 else None
        met_at, booth = self.pick_first_meeting(edition, company)
        stage = self.pick_stage(met_at)
        introducer = None
        fields = dict(name)
        same_country = self.by_country.get(country)
        roll = rng.random()
        if same_country and roll < 0.12:
            introducer = rng.choice(same_country)
            fields["introduced_by_contact_id"] = introducer.id
        elif roll < 0.18:
            fields["introduced_by_org"] = rng.choice(_ORGANIZATIONS.get(country, _ANY_ORGANIZATION))
        fields.update(
            form_of_address=self.form_of_address(culture.country, name, female, title),
            job_title=title, company_id=company.id, country=country, city=company.city,
            time_zone=company.zone, languages=self.pick_languages(culture),
            phones=self.make_phones(country, company.city),
            emails=self.make_emails(name, culture, company),
            tags=self.make_tags(company, title, stage, edition),
            notes=self.make_notes(culture.country, company, edition, introducer),
        )
        # The day and time as they were where the meeting took place.
        met_local = met_at.astimezone(ZoneInfo(edition.fair.zone if edition else company.zone))
        fields["met_on"] = met_local.date().isoformat()
        if edition:
            fields.update(met_event_id=edition.id, met_booth=booth)
        if rng.random() < (0.75 if country in _EU else 0.35):
            fields["consent_given_at"] = met_local.isoformat()
            fields["consent_method"] = rng.choice(_CONSENT_AT_FAIR if edition else _CONSENT_ELSEWHERE)
            if rng.random() < 0.3:
                fields["consent_note"] = "Agreed to receive product news by email."
        contact_id = add_contact(self.db, **fields)
        self.counts["contacts"] += 1
        moves = self.plan_stages(stage, met_at)
        for next_stage, when in moves:
            change_stage(self.db, contact_id, next_stage, when=when)
            self.counts["stage_changes"] += 1
        person = _Person(index, contact_id, name["given_name"], name["display_name"], country,
                         culture.country, company.city, company.zone, company, stage, met_at, booth,
                         edition, moves)
        self.people.append(person)
        self.by_country.setdefault(country, []).append(person)

    def make_name(self, culture: _Culture, female: bool, forced_family: str | None) -> dict:
        """Name fields: Latin parts and display name, plus native script and reading where used."""
        rng = self.rng
        if forced_family:
            family = next(f for f in culture.family if f[0] == forced_family)
        else:
            family = rng.choice(culture.family)
        given = rng.choice(culture.female if female else culture.male)
        latin_family = _variant(family[-1], female)
        if culture.two_surnames:
            latin_family += " " + _variant(rng.choice(culture.family)[-1], female)
        latin_given = given[-1]
        if culture.family_first:
            display = f"{latin_family} {latin_given}"
        else:
            display = f"{latin_given} {latin_family}"
        name = {"given_name": latin_given, "family_name": latin_family, "display_name": display}
        if len(family) > 1:
            native_family = _variant(family[0], female)
            if culture.family_first:
                name["native_name"] = native_family + culture.native_join + given[0]
            else:
                name["native_name"] = f"{given[0]} {native_family}"
            name["romanized_name"] = display
            if len(family) == 3:
                name["native_reading"] = f"{family[1]} {given[1]}"
        return name

    def form_of_address(self, culture: str, name: dict, female: bool, title: str) -> str:
        """How to address the person, by the custom of their culture."""
        rng = self.rng
        given, family = name["given_name"], name["family_name"]
        first = given.split()[0]
        mr_ms = "Ms." if female else "Mr."
        match culture:
            case "JP":
                return f"{family}-san"
            case "KR":
                if any(word in title for word in ("CEO", "Owner", "Founder", "Managing Director")):
                    return f"President {family}"
                if any(word in title for word in ("Director", "Head", "Vice President", "General")):
                    return f"Director {family}"
                return f"Manager {family}" if "Manager" in title else f"{mr_ms} {family}"
            case "CN" | "TW" | "IN":
                return f"{mr_ms} {family}"
            case "SA" | "AE":
                return f"{mr_ms} {first}"
            case "TH":
                return f"Khun {first}"
            case "RU":
                patronymic = _variant(rng.choice(_RU_PATRONYMICS)[-1], female)
                return f"{given} {patronymic}"
            case "DE":
                doctor = "Dr. " if rng.random() < 0.15 else ""
                return f"{'Frau' if female else 'Herr'} {doctor}{family}"
            case "FR":
                return f"{'Madame' if female else 'Monsieur'} {family}"
            case "PL":
                return f"{'Pani' if female else 'Pan'} {first}"
            case "ES":
                return f"{'Sra.' if female else 'Sr.'} {family.split()[0]}"
            case "BR":
                return f"{'Sra.' if female else 'Sr.'} {first}"
            case "TR":
                return f"{first} {'Hanım' if female else 'Bey'}"
            case "CZ":
                engineer = "Ing. " if rng.random() < 0.3 else ""
                return f"{'paní' if female else 'pan'} {engineer}{family}"
            case "VN":
                return f"{mr_ms} {given.split()[-1]}"
            case "IT":
                titles = ("Sig.ra", "Dott.ssa", "Ing.") if female else ("Sig.", "Dott.", "Ing.")
                return f"{rng.choices(titles, (5, 3, 2))[0]} {family}"
            case "NL":
                return f"{'Mevrouw' if female else 'Meneer'} {family}"
            case "GB":
                return f"{'Ms' if female else 'Mr'} {family}"
        return first   # Israel, Sweden, the US: first names from the start

    def pick_languages(self, culture: _Culture) -> list[str]:
        languages = list(culture.languages[:2])
        if len(culture.languages) > 2 and self.rng.random() < 0.35:
            languages.append(culture.languages[2])
        if len(languages) > 1 and self.rng.random() < 0.12:
            languages.remove("en")
        return languages

    def make_phones(self, country: str, city: str) -> list[dict]:
        phones = [{"value": _make_phone(self.rng, country, "mobile", city), "label": "mobile"}]
        if self.rng.random() < 0.6:
            phones.append({"value": _make_phone(self.rng, country, "work", city), "label": "work"})
        return phones

    def make_emails(self, name: dict, culture: _Culture, company: _Company) -> list[dict]:
        """A work address in the company's style, and for some Chinese contacts a private one."""
        rng = self.rng
        given_words = _ascii_words(name["given_name"], company.country)
        family_words = _ascii_words(name["family_name"], company.country)
        # Vietnamese go by the last part of the given name ("Văn An" is An),
        # Spaniards by their first surname.
        given = given_words[-1] if culture.country == "VN" else given_words[0]
        family = family_words[0] if culture.country == "ES" else "".join(family_words)
        # Companies pick one style; family name first is common in East Asia only.
        styles = [f"{given}.{family}", f"{given[0]}.{family}",
                  f"{family}.{given}" if culture.family_first else given]
        candidates = itertools.chain((styles[company.email_style], styles[0]),
                                     (f"{given}.{family}{n}" for n in itertools.count(2)))
        local = next(c for c in candidates if c not in company.mailboxes)
        company.mailboxes.add(local)
        emails = [{"value": f"{local}@{company.domain}", "label": "work"}]
        if culture.country == "CN" and rng.random() < 0.15:
            private = rng.choice((f"{family}{given}{rng.randint(70, 99)}@163.com",
                                  f"{rng.randint(10_000_000, 999_999_999)}@qq.com"))
            emails.append({"value": private, "label": "personal"})
        return emails

    def make_tags(self, company: _Company, title: str, stage: str, edition: _Edition | None) -> list[str]:
        rng = self.rng
        tags = [rng.choice(("distributor", "importer", "wholesaler", "OEM", "retail chain",
                            "system integrator"))]
        if any(word in title for word in _SENIOR):
            tags.append("decision maker")
        if stage in ("rapport", "trial_order") and rng.random() < 0.25:
            tags.append("hot lead")
        if stage == "partner" and rng.random() < 0.5:
            tags.append("VIP")
        if rng.random() < 0.15:
            tags.append(rng.choice(("price-sensitive", "needs samples", "quality-driven")))
        if edition:
            tags.append(edition.name)
        return tags

    def make_notes(self, culture: str, company: _Company, edition: _Edition | None,
                   introducer: _Person | None) -> str:
        rng = self.rng
        words = self.draw_note_words(company, culture)
        sentences = []
        if introducer:
            sentences.append(f"Introduced by {introducer.display}.")
        if edition:
            sentences.append(f"Met at {edition.name}; interested in {company.product[0]}.")
        if culture in _CULTURE_NOTES and rng.random() < 0.3:
            sentences.append(_CULTURE_NOTES[culture].format(**words))
        sentences.append(rng.choice(_NOTES).format(**words))
        return " ".join(sentences)

    def pick_first_meeting(self, edition: _Edition | None,
                           company: _Company) -> tuple[datetime, str | None]:
        """When (aware, never after now) and at which booth the person was first met."""
        rng = self.rng
        latest = self.now - timedelta(minutes=10)
        if edition is None:
            day = self.today - timedelta(days=rng.randint(3, 700))
            return min(_at(day, rng.uniform(9, 17), company.zone), latest), None
        local_today = self.now.astimezone(ZoneInfo(edition.fair.zone)).date()
        last_day = min(edition.ends, local_today)
        day = edition.starts + timedelta(days=rng.randint(0, (last_day - edition.starts).days))
        met_at = min(_at(day, rng.uniform(9.5, 17.5), edition.fair.zone), latest)
        booth = f"{rng.choice(edition.fair.halls)}, {rng.choice('ABCDEFGH')}{rng.randint(1, 60):02d}"
        return met_at, booth

    def pick_stage(self, met_at: datetime) -> str:
        """A relationship stage that fits how long ago the person was met."""
        age = (self.now - met_at).days
        for limit, shares in _STAGES_BY_AGE:
            if limit is None or age < limit:
                stages, weights = zip(*shares)
                return self.rng.choices(stages, weights)[0]
        raise AssertionError("unreachable")

    def plan_stages(self, stage: str, met_at: datetime) -> list[tuple[str, datetime]]:
        """The stage moves that lead to *stage*, at increasing times between meeting and now."""
        path = _STAGE_PATHS[stage]
        span = self.now - met_at
        points = sorted(self.rng.uniform(0.15, 0.95) for _ in path)
        return [(s, (met_at + span * p).replace(microsecond=0)) for s, p in zip(path, points)]

    # Stories --------------------------------------------------------------------------

    def draw_note_words(self, company: _Company, culture: str) -> dict:
        """The few values the profile notes use (drawn for every contact, so kept small)."""
        rng = self.rng
        country = company.country
        return {
            "noun": company.product[0], "city": company.city, "boss": rng.choice(_BOSSES),
            "rival": rng.choice([r for r in _RIVALS if r != _COUNTRY_NAMES.get(country)]),
            "cert": rng.choice(_certifications(company.sector, country)),
            "channel": _MESSENGERS.get(culture, rng.choice(("WhatsApp", "email", "Microsoft Teams"))),
            "region": _REGIONS.get(country, "their market"),
        }

    def draw_story_words(self, company: _Company, culture: str) -> dict:
        """Values for the history templates, drawn fresh for each use."""
        rng = self.rng
        _noun, unit, low, high, moq_low, moq_high = company.product
        low, high, moq_low, moq_high = float(low), float(high), int(moq_low), int(moq_high)
        price = rng.uniform(low, high)
        moq = int(rng.uniform(moq_low, moq_high)) // 10 * 10 or moq_low
        country = company.country
        port = _PORTS.get(country)
        incoterms = [f"DAP {company.city}", f"DDP {company.city}", "EXW"]
        if port:
            incoterms += [f"CIF {port}", f"CFR {port}"]
        decimals = 2 if high < 100 else 0
        return {
            **self.draw_note_words(company, culture), "item": company.item,
            "unit": unit, "unit_one": _UNIT_SINGULAR.get(unit, unit),
            "moq": f"{moq:,}", "qty": f"{moq * rng.randint(4, 20):,}", "qty_small": f"{moq:,}",
            "lead": rng.choice((3, 4, 5, 6, 8)), "lead_long": rng.choice((10, 12, 14)),
            "currency": "EUR" if country in _EU else "USD",
            "price": f"{price:,.{decimals}f}",
            "target": f"{price * rng.uniform(0.82, 0.94):,.{decimals}f}",
            "incoterm": rng.choice(incoterms), "payment": rng.choice(_PAYMENT_TERMS[:3]),
            "payment_alt": rng.choice(_PAYMENT_TERMS[3:]), "pct": rng.choice((5, 8, 10, 12, 15)),
            "month": _MONTHS[(self.today.month + rng.randint(0, 3)) % 12],
        }

    def add_histories(self, size: int, total: int) -> list[_Person]:
        """Give *size* people (the first ones among them) meetings, calls, promises and follow-ups."""
        rng = self.rng
        count = len(self.people)
        first = self.people[:len(_FIRST_CULTURES)]
        rest = self.people[len(first):]
        picked = heapq.nlargest(max(0, size - len(first)), rest,
                                key=lambda p: rng.random() * _DETAIL_WEIGHT[p.stage])
        chosen = first + sorted(picked, key=lambda p: p.index)
        for start in range(0, len(chosen), _BATCH):
            with write_transaction(self.db):
                for person in chosen[start:start + _BATCH]:
                    self.add_history(person)
            self.report_progress(count + min(len(chosen), start + _BATCH), total)
        return chosen

    def add_history(self, person: _Person) -> None:
        """The first meeting, what followed (in step with the stage moves), promises, follow-ups."""
        rng = self.rng
        words = dict(self.draw_story_words(person.company, person.culture), given=person.given)
        if person.edition:
            words.update(booth=person.booth, event=person.edition.name)
            summary = rng.choice(_FIRST_AT_FAIR)
            place = f"{person.edition.name}, {person.booth}"
        else:
            summary, place = rng.choice(_FIRST_ELSEWHERE), None
        self.add_interaction(person, "meeting", summary, words, person.met_at, place)

        beats = []
        for stage, when in person.stage_moves:
            kind, text = rng.choice(_STAGE_BEATS[stage])
            beats.append((when, kind, text))
        # Quiet contacts went quiet months ago; the others have news from recent weeks.
        last = max([person.met_at] + [b[0] for b in beats])
        end = last if person.stage in ("dormant", "lost") else self.now - timedelta(hours=2)
        fillers = {"met": 1, "rapport": 2, "trial_order": 3, "partner": 4, "dormant": 1, "lost": 1}
        kinds, kind_weights = zip(*_FILLER_KINDS)
        for _ in range(rng.randint(0, fillers[person.stage])):
            if end <= person.met_at:
                break
            when = person.met_at + (end - person.met_at) * rng.uniform(0.05, 1.0)
            kind = rng.choices(kinds, kind_weights)[0]
            beats.append((when, kind, rng.choice(_FILLERS[kind])))
        for when, kind, text in sorted(beats, key=lambda b: b[0]):
            place = None
            if kind == "meeting":
                place = "Video call" if "Video call" in text else person.city
            self.add_interaction(person, kind, text, words, when, place)

        for _ in range(rng.randint(0 if person.stage == "met" else 1, 3)):
            self.add_promise(person, words, rng.choice(("us", "them")))
        self.plan_follow_ups(person, words)

    def add_interaction(self, person: _Person, kind: str, text: str, words: dict, when: datetime,
            place: str | None) -> None:
        log_interaction(self.db, person.id, kind=kind, summary=text.format(**words),
                        occurred_at=min(when, self.now).replace(microsecond=0), place=place)
        self.counts["interactions"] += 1

    def add_promise(self, person: _Person, words: dict, owed_by: str, *,
                    due: date | None = None, done: bool | None = None) -> None:
        """One promise, made some time after meeting; kept on time, late, or still open."""
        rng = self.rng
        if due is None:
            known_for = max(0, (self.today - person.met_at.date()).days)
            made = person.met_at.date() + timedelta(days=rng.randint(0, known_for))
            due = made + timedelta(days=rng.randint(2, 14))
            if due.weekday() > 4:   # promises fall due on working days: the Friday before
                due -= timedelta(days=due.weekday() - 4)
        else:
            made = due - timedelta(days=rng.randint(3, 6))
        text = rng.choice(_OUR_PROMISES if owed_by == "us" else _THEIR_PROMISES).format(**words)
        if (due - made).days <= 6:
            text += f" by {_WEEKDAYS[due.weekday()]}"
        owner = None
        if owed_by == "us":
            owner = rng.choice((None, "Sales support", "Quality team", "Logistics"))
        commitment_id = add_commitment(self.db, person.id, description=text, owed_by=owed_by,
                                       due_on=due, owner=owner)
        self.counts["commitments"] += 1
        if done is None:
            done = rng.random() < (0.75 if due < self.today else 0.15)
        if done:
            if rng.random() < 0.25:   # kept, but late
                day = due + timedelta(days=rng.randint(1, 5))
            else:
                day = due - timedelta(days=rng.randint(0, 2))
            when = min(_at(day, rng.uniform(9, 18), person.zone), self.now - timedelta(minutes=5))
            complete_commitment(self.db, commitment_id, when=when)

    def plan_follow_ups(self, person: _Person, words: dict) -> None:
        """Follow-ups that fit the stage: done ones, overdue ones and ones still ahead."""
        rng = self.rng
        if person.stage == "met" and (self.now - person.met_at) < timedelta(days=10):
            # The usual 24–48 h after a first meeting.
            due = person.met_at + timedelta(hours=rng.choice((24, 36, 48)))
            self.add_follow_up(person, due, "Follow up after first meeting")
            return
        if person.stage in ("lost",):
            return
        roll = rng.random()
        if roll < 0.3:
            due = self.now - timedelta(days=rng.randint(20, 90))
            follow_up_id = self.add_follow_up(person, due, rng.choice(_FOLLOW_UP_REASONS).format(**words))
            complete_follow_up(self.db, follow_up_id)
        elif roll < 0.85:
            due = self.now + timedelta(hours=rng.randint(-10 * 24, 21 * 24))
            self.add_follow_up(person, due, rng.choice(_FOLLOW_UP_REASONS).format(**words))

    def add_follow_up(self, person: _Person, due: datetime, reason: str) -> str:
        self.counts["follow_ups"] += 1
        return schedule_follow_up(self.db, person.id, due_at=due.replace(microsecond=0), reason=reason)

    # The user's days -------------------------------------------------------------------

    def add_meetings(self, chosen: list[_Person]) -> None:
        """Meetings at the fair on now (yesterday, today, the next two days), the next fair, and calls."""
        rng = self.rng
        active = [p for p in chosen if p.stage not in ("lost", "dormant")]
        if len(active) < 6:
            active = chosen
        fair = self.current
        zone = fair.fair.zone
        local_today = self.now.astimezone(ZoneInfo(zone)).date()
        hours = (9, 10, 11.5, 13, 14, 15.5, 16.5, 19.5)
        plan = [(-1, 3), (0, rng.randint(4, 6)), (1, rng.randint(3, 5)), (2, 2)]
        for offset, count in plan:
            day = local_today + timedelta(days=offset)
            people = self.pick_some(active, count)
            for hour, person in zip(sorted(rng.sample(hours, len(people))), people):
                self.add_fair_meeting(person, _at(day, hour, zone), fair, dinner=hour > 19)
        upcoming = self.upcoming
        for person in self.pick_some(active, 4):
            day = upcoming.starts + timedelta(days=rng.randint(0, 1))
            starts = _at(day, rng.choice(hours[:-1]), upcoming.fair.zone)
            self.add_fair_meeting(person, starts, upcoming)
        for person in self.pick_some(active, 2):
            day = self.today + timedelta(days=rng.randint(5, 12))
            starts = _at(day, rng.choice((9, 10, 14, 15)), person.zone)
            self.add_planned_meeting(person, starts, None, "Video call (Microsoft Teams)", 45)

    def pick_some(self, people: list[_Person], count: int) -> list[_Person]:
        """*count* different people (fewer if there are not that many)."""
        return self.rng.sample(people, min(count, len(people)))

    def add_fair_meeting(self, person: _Person, starts: datetime, edition: _Edition,
                         dinner: bool = False) -> None:
        """A meeting at a fair: at their booth when we met there, else at our stand or nearby."""
        rng = self.rng
        if dinner:
            place, minutes = "Dinner at the hotel restaurant", 120
        elif person.edition is edition and person.booth:
            hall, stand = person.booth.rsplit(", ", 1)
            place, minutes = f"Booth {stand}, {hall}", 30
        else:
            hall = rng.choice(edition.fair.halls)
            place = rng.choice((f"Our stand, {hall}, {rng.choice('ABCDEFGH')}{rng.randint(1, 60):02d}",
                                "Hotel lobby", "Business lounge", "Coffee bar at the north entrance"))
            minutes = rng.choice((30, 45, 60))
        self.add_planned_meeting(person, starts, edition, place, minutes)

    def add_planned_meeting(self, person: _Person, starts: datetime, edition: _Edition | None,
                            place: str, minutes: int) -> None:
        words = self.draw_story_words(person.company, person.culture)
        add_meeting(self.db, person.id, starts_at=starts, event_id=edition.id if edition else None,
                    time_zone=None if edition else person.zone, place=place,
                    agenda=self.rng.choice(_AGENDAS).format(**words), duration_minutes=minutes)
        self.counts["meetings"] += 1

    def add_guaranteed_items(self, chosen: list[_Person]) -> None:
        """What every demo book shows: overdue and due-today follow-ups, overdue promises each way."""
        rng = self.rng
        active = [p for p in chosen if p.stage != "lost"] or chosen
        late, soon, ours, theirs = (self.pick_some(active, 4) * 4)[:4]
        self.add_follow_up(late, self.now - timedelta(days=2, hours=rng.randint(0, 20)),
                       "Send the revised quotation promised at the booth")
        # Due later today at home (the Today view's day), but never in the past.
        home = ZoneInfo(get_setting(self.db, HOME_TIME_ZONE.key))
        local_now = self.now.astimezone(home)
        end_of_day = datetime.combine(local_now.date() + timedelta(days=1), time(), home)
        seconds = max(1, min(2 * 3600, int((end_of_day - local_now).total_seconds()) // 2))
        words = self.draw_story_words(soon.company, soon.culture)
        self.add_follow_up(soon, self.now + timedelta(seconds=seconds),
                       rng.choice(_FOLLOW_UP_REASONS).format(**words))
        overdue = self.today - timedelta(days=3)
        for person, owed_by in ((ours, "us"), (theirs, "them")):
            words = self.draw_story_words(person.company, person.culture)
            self.add_promise(person, words, owed_by, due=overdue, done=False)

    def report_progress(self, done: int, total: int) -> None:
        if self.progress and done != self.reported:
            self.reported = done
            self.progress(done, total)

def generate_demo_data(db, contacts: int, *, seed: int = 7, now: datetime | None = None,
                       progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Fill *db* with *contacts* sample people and their history; return how many rows of each kind.

    Dates are relative to *now* (an aware datetime; default: the current UTC
    time), so a fresh book always has meetings today and follow-ups due.
    *progress* is called now and then with ``(done, total)``. With 10 or more
    contacts the book always holds Chinese, Japanese, Korean, Arabic, Thai,
    Hindi, Russian and German names, at least three meetings today, an
    overdue follow-up, one due today, and an overdue promise each way.

    >>> generate_demo_data(db, 500, seed=7)  # doctest: +SKIP
    {'contacts': 500, 'companies': 181, 'events': 45, 'meetings': 22, 'interactions': 365, ...}
    """
    if contacts < 0:
        raise ValueError("contacts must be zero or more")
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        raise ValueError("now needs a time zone")
    now = now.astimezone(timezone.utc).replace(microsecond=0)
    writer = _BookWriter(db, random.Random(seed), now, progress)
    # Full profiles for everyone, but a history only for a share: 100,000
    # contacts stay quick to make and the Today view stays readable.
    detailed = min(contacts, max(10, min(round(contacts * _DETAIL_SHARE), _DETAIL_CAP)))
    total = contacts + detailed
    with write_transaction(db):
        writer.add_events()
    writer.add_people(contacts, total)
    if contacts:
        chosen = writer.add_histories(detailed, total)
        with write_transaction(db):
            writer.add_meetings(chosen)
            writer.add_guaranteed_items(chosen)
    writer.report_progress(total, total)
    return writer.counts
