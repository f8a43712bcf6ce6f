"""Generate ``configs/languages.csv``, the mlcurate language registry.

Re-run (offline, stdlib only; all data is embedded below)::

    python configs/build_languages.py            # rewrites configs/languages.csv
    python configs/build_languages.py --check    # exit 1 if the CSV on disk differs

Columns: ``code,kind,iso639_3,script,name,tier,target,extensions,lat,lon``.

Natural languages (``kind=natural``), code = ISO 639-3 + "_" + ISO 15924:

* FLORES-200: every code of the official table "Languages in FLORES-200" in
  facebookresearch/flores, ``flores200/README.md`` (204 codes, spelled exactly
  as there). That table says ``sat_Beng`` for Santali while the released
  ``flores200_dataset`` files (and FLORES+) use ``sat_Olck``; both are kept,
  so the registry covers either spelling.
* Beyond FLORES: languages of the UDHR corpus (shared/data/udhr/udhr-dev.jsonl.gz)
  whose ISO 639-3 code is not a FLORES-200 language and that have a non-zero
  CLDR speaking-population estimate in ``langcodes`` (``speaking_population()``),
  plus ``pnb`` (Western Panjabi, large but unlisted there); minus ``que``
  (macrolanguage covering FLORES ``quy``) and ``und``. Script: the bcp47
  tag's script when it has one, else the dominant script of the UDHR text
  (all Han texts are Simplified).
* name: ``langcodes.Language.get(iso).display_name()`` with
  " (individual language)" dropped; where one ISO code has several scripts the
  script is added (``Language.get(iso-Script).display_name()``, e.g.
  "Chinese (Simplified)"); UDHR name as fallback.
* lat/lon: UDHR coordinates for the ISO code (first row whose script agrees,
  preferring a row without a dialect qualifier in its name); for FLORES codes
  that UDHR lists under another code: zho->cmn, est->ekk, grn->gug, srd->src,
  kon->kng, zsm->zlm, aka->fat. Empty when absent.
* tier: ``high`` = the HIGH set below (38 highest-resource codes);
  ``mid`` = every other FLORES-200 code (sat_Olck included); ``low`` = the
  additional non-FLORES languages.
* target: ``true`` for every row (natural and programming).

Programming languages (``kind=programming``): lowercase name as code, display name
as name, empty
iso639_3/script/tier/lat/lon, ``extensions`` = "|"-joined lowercase file
extensions with the dot; no extension belongs to two languages (``.h`` is C,
``.m`` is Objective-C, MATLAB keeps ``.matlab|.mlx``).

Beyond the target programming languages, every language GitHub linguist knows (the list in
``linguist_languages.tsv``, from the npm package ``linguist-languages``; go-enry, the code-language
detector, outputs these names) gets a row: the target row whose name matches (case-insensitively)
or that ``LINGUIST_MERGE`` names (dialects counted with their family: ``PLpgSQL`` -> ``sql``,
``Fortran Free Form`` -> ``fortran``), else a non-target row whose code is the name in lowercase
with non-alphanumerics as ``-`` (``Rocq Prover`` -> ``rocq-prover``) and no extensions.

``code_languages.csv`` (``alias,code``) maps every spelling a source or detector may use to a
registry code: registry codes and names, linguist names and aliases, each normalised by
``code_alias_key`` (casefolded, ``_``/``-``/spaces collapsed: ``Emacs-Lisp``, ``emacs_lisp`` and
``emacs lisp`` meet).

Rows: natural first (sorted by code), then programming (sorted by code).

Scripts each language is written in: ``configs/language_scripts.csv`` (columns
``iso639_3,scripts,cldr,observed``; one row per ISO 639-3 code), written by the same
command. ``cldr``: the ``scripts`` of CLDR's ``languageData`` (primary and secondary
entries of ``supplementalData.xml`` as shipped in the ``language_data`` package, codes
converted to ISO 639-3 with ``langcodes``). ``observed``: every script that is the
dominant script of at least 3 paragraphs of one ISO code in the bundled UDHR sample
(``curation/sample_data/udhr_pairs.jsonl.gz``, script by ``curation.scripts``; Han as
``Hans``/``Hant`` only). ``scripts`` = their union, plus the script of each registry
row. This part needs ``langcodes`` and the package itself (not stdlib only).
"""
from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

OUT = Path(__file__).with_name("languages.csv")
ALIASES_OUT = Path(__file__).with_name("code_languages.csv")
LINGUIST = Path(__file__).with_name("linguist_languages.tsv")
COLUMNS = ["code", "kind", "iso639_3", "script", "name", "tier", "target",
           "extensions", "lat", "lon"]

# Official "Languages in FLORES-200" table (facebookresearch/flores, flores200/README.md).
FLORES_200 = """
    ace_Arab ace_Latn acm_Arab acq_Arab aeb_Arab afr_Latn ajp_Arab aka_Latn als_Latn
    amh_Ethi apc_Arab arb_Arab arb_Latn ars_Arab ary_Arab arz_Arab asm_Beng ast_Latn
    awa_Deva ayr_Latn azb_Arab azj_Latn bak_Cyrl bam_Latn ban_Latn bel_Cyrl bem_Latn
    ben_Beng bho_Deva bjn_Arab bjn_Latn bod_Tibt bos_Latn bug_Latn bul_Cyrl cat_Latn
    ceb_Latn ces_Latn cjk_Latn ckb_Arab crh_Latn cym_Latn dan_Latn deu_Latn dik_Latn
    dyu_Latn dzo_Tibt ell_Grek eng_Latn epo_Latn est_Latn eus_Latn ewe_Latn fao_Latn
    fij_Latn fin_Latn fon_Latn fra_Latn fur_Latn fuv_Latn gaz_Latn gla_Latn gle_Latn
    glg_Latn grn_Latn guj_Gujr hat_Latn hau_Latn heb_Hebr hin_Deva hne_Deva hrv_Latn
    hun_Latn hye_Armn ibo_Latn ilo_Latn ind_Latn isl_Latn ita_Latn jav_Latn jpn_Jpan
    kab_Latn kac_Latn kam_Latn kan_Knda kas_Arab kas_Deva kat_Geor kaz_Cyrl kbp_Latn
    kea_Latn khk_Cyrl khm_Khmr kik_Latn kin_Latn kir_Cyrl kmb_Latn kmr_Latn knc_Arab
    knc_Latn kon_Latn kor_Hang lao_Laoo lij_Latn lim_Latn lin_Latn lit_Latn lmo_Latn
    ltg_Latn ltz_Latn lua_Latn lug_Latn luo_Latn lus_Latn lvs_Latn mag_Deva mai_Deva
    mal_Mlym mar_Deva min_Arab min_Latn mkd_Cyrl mlt_Latn mni_Beng mos_Latn mri_Latn
    mya_Mymr nld_Latn nno_Latn nob_Latn npi_Deva nso_Latn nus_Latn nya_Latn oci_Latn
    ory_Orya pag_Latn pan_Guru pap_Latn pbt_Arab pes_Arab plt_Latn pol_Latn por_Latn
    prs_Arab quy_Latn ron_Latn run_Latn rus_Cyrl sag_Latn san_Deva sat_Beng scn_Latn
    shn_Mymr sin_Sinh slk_Latn slv_Latn smo_Latn sna_Latn snd_Arab som_Latn sot_Latn
    spa_Latn srd_Latn srp_Cyrl ssw_Latn sun_Latn swe_Latn swh_Latn szl_Latn tam_Taml
    taq_Latn taq_Tfng tat_Cyrl tel_Telu tgk_Cyrl tgl_Latn tha_Thai tir_Ethi tpi_Latn
    tsn_Latn tso_Latn tuk_Latn tum_Latn tur_Latn twi_Latn tzm_Tfng uig_Arab ukr_Cyrl
    umb_Latn urd_Arab uzn_Latn vec_Latn vie_Latn war_Latn wol_Latn xho_Latn ydd_Hebr
    yor_Latn yue_Hant zho_Hans zho_Hant zsm_Latn zul_Latn
""".split()
# Spelling used by the released FLORES-200 data files for Santali.
FLORES_200_DATA_ALIASES = ["sat_Olck"]

HIGH = {
    "eng_Latn", "zho_Hans", "zho_Hant", "spa_Latn", "fra_Latn", "deu_Latn",
    "rus_Cyrl", "jpn_Jpan", "por_Latn", "ita_Latn", "arb_Arab", "kor_Hang",
    "nld_Latn", "pol_Latn", "tur_Latn", "vie_Latn", "ind_Latn", "hin_Deva",
    "pes_Arab", "swe_Latn", "ces_Latn", "ukr_Cyrl", "ell_Grek", "heb_Hebr",
    "tha_Thai", "dan_Latn", "fin_Latn", "hun_Latn", "ron_Latn", "nob_Latn",
    "ben_Beng", "cat_Latn", "zsm_Latn", "bul_Cyrl", "slk_Latn", "hrv_Latn",
    "srp_Cyrl", "lit_Latn",
}

# (code, name, lat, lon) for every natural language row.
NATURAL = [
    ('aar_Latn', 'Afar', 12.23, 41.81),
    ('abk_Cyrl', 'Abkhazian', 42.23, 41.3),
    ('ace_Arab', 'Acehnese (Arabic)', 3.91, 96.6),
    ('ace_Latn', 'Acehnese (Latin)', 3.91, 96.6),
    ('acm_Arab', 'Mesopotamian Arabic', '', ''),
    ('acq_Arab', "Ta'izzi-Adeni Arabic", '', ''),
    ('ada_Latn', 'Adangme', 5.94, 0.13),
    ('ady_Cyrl', 'Adyghe', 44.0, 39.33),
    ('aeb_Arab', 'Tunisian Arabic', '', ''),
    ('afr_Latn', 'Afrikaans', -22.0, 30.0),
    ('ajp_Arab', 'South Levantine Arabic', '', ''),
    ('aka_Latn', 'Akan', 6.35, -1.33),
    ('als_Latn', 'Tosk Albanian', 41.0, 20.0),
    ('alt_Cyrl', 'Southern Altai', 50.13, 86.87),
    ('amh_Ethi', 'Amharic', 11.71, 39.54),
    ('apc_Arab', 'North Levantine Arabic', '', ''),
    ('arb_Arab', 'Standard Arabic (Arabic)', 27.96, 43.85),
    ('arb_Latn', 'Standard Arabic (Latin)', 27.96, 43.85),
    ('arn_Latn', 'Mapuche', -38.74, -71.28),
    ('ars_Arab', 'Najdi Arabic', '', ''),
    ('ary_Arab', 'Moroccan Arabic', '', ''),
    ('arz_Arab', 'Egyptian Arabic', '', ''),
    ('asm_Beng', 'Assamese', '', ''),
    ('ast_Latn', 'Asturian', 42.42, -6.02),
    ('awa_Deva', 'Awadhi', '', ''),
    ('ayr_Latn', 'Central Aymara', -17.0, -68.5),
    ('azb_Arab', 'South Azerbaijani', 36.51, 48.43),
    ('azj_Latn', 'North Azerbaijani', 40.98, 46.47),
    ('bak_Cyrl', 'Bashkir', '', ''),
    ('bam_Latn', 'Bambara', 12.04, -9.99),
    ('ban_Latn', 'Balinese', -8.36, 115.08),
    ('bax_Latn', 'Bamun', 9.63, 3.0),
    ('bci_Latn', 'Baoulé', 5.43, -4.77),
    ('bel_Cyrl', 'Belarusian', 53.23, 25.6),
    ('bem_Latn', 'Bemba', -10.61, 29.3),
    ('ben_Beng', 'Bangla', 24.0, 90.0),
    ('bho_Deva', 'Bhojpuri', 26.46, 84.82),
    ('bin_Latn', 'Bini', 6.41, 5.7),
    ('bis_Latn', 'Bislama', -19.99, 167.37),
    ('bjn_Arab', 'Banjar (Arabic)', 0.75, 115.79),
    ('bjn_Latn', 'Banjar (Latin)', 0.75, 115.79),
    ('blt_Tavt', 'Tai Dam', 21.47, 102.7),
    ('bod_Tibt', 'Tibetan', 28.37, 90.19),
    ('bos_Latn', 'Bosnian', 42.93, 17.67),
    ('bre_Latn', 'Breton', 48.25, -3.79),
    ('buc_Latn', 'Bushi', -12.97, 45.14),
    ('bug_Latn', 'Buginese', -0.25, 119.25),
    ('bul_Cyrl', 'Bulgarian', 43.36, 25.05),
    ('bum_Latn', 'Bulu', 3.16, 11.64),
    ('cat_Latn', 'Catalan', 41.45, 1.57),
    ('ccp_Cakm', 'Chakma', 23.0, 92.0),
    ('ceb_Latn', 'Cebuano', 8.39, 124.37),
    ('ces_Latn', 'Czech', 49.87, 15.1),
    ('cha_Latn', 'Chamorro', 14.33, 145.28),
    ('chk_Latn', 'Chuukese', 7.34, 151.6),
    ('chr_Cher', 'Cherokee', 35.47, -83.16),
    ('chv_Cyrl', 'Chuvash', 55.0, 47.0),
    ('cjk_Latn', 'Chokwe', -9.66, 21.4),
    ('ckb_Arab', 'Central Kurdish', 35.65, 45.81),
    ('cnr_Latn', 'Serbian (Montenegro)', 42.78, 19.47),
    ('cos_Latn', 'Corsican', 41.7, 9.26),
    ('crh_Latn', 'Crimean Tatar', 45.0, 34.08),
    ('crs_Latn', 'Seselwa Creole French', -4.62, 55.45),
    ('csw_Cans', 'Swampy Cree', 56.0, -95.0),
    ('cym_Latn', 'Welsh', 52.0, -4.0),
    ('dan_Latn', 'Danish', 54.87, 9.36),
    ('deu_Latn', 'German', 48.65, 12.47),
    ('dik_Latn', 'Southwestern Dinka', '', ''),
    ('div_Thaa', 'Divehi', 3.83, 73.07),
    ('dje_Latn', 'Zarma', 12.86, 2.41),
    ('dyo_Latn', 'Jola-Fonyi', 12.76, -15.74),
    ('dyu_Latn', 'Dyula', 10.45, -4.72),
    ('dzo_Tibt', 'Dzongkha', 27.41, 89.58),
    ('ell_Grek', 'Greek', 42.32, 24.87),
    ('eng_Latn', 'English', 53.0, -1.0),
    ('epo_Latn', 'Esperanto', 49.33, 2.81),
    ('est_Latn', 'Estonian', 58.55, 25.82),
    ('eus_Latn', 'Basque', 43.28, -1.32),
    ('ewe_Latn', 'Ewe', 6.46, 0.81),
    ('fao_Latn', 'Faroese', 62.07, -6.88),
    ('fij_Latn', 'Fijian', -18.0, 178.33),
    ('fin_Latn', 'Finnish', 64.76, 25.56),
    ('fon_Latn', 'Fon', 7.15, 1.66),
    ('fra_Latn', 'French', 48.0, 2.0),
    ('frp_Latn', 'Arpitan', 46.8, 7.17),
    ('fry_Latn', 'Western Frisian', 53.14, 5.86),
    ('fur_Latn', 'Friulian', 46.15, 13.05),
    ('fuv_Latn', 'Nigerian Fulfulde', 11.0, 11.12),
    ('fvr_Latn', 'Fur', 13.0, 25.0),
    ('gaa_Latn', 'Ga', 5.65, -0.19),
    ('gag_Latn', 'Gagauz', 44.6, 28.03),
    ('gan_Hans', 'Gan Chinese', 28.0, 105.0),
    ('gaz_Latn', 'West Central Oromo', 1.06, 37.88),
    ('gla_Latn', 'Scottish Gaelic', 56.76, -5.24),
    ('gle_Latn', 'Irish', 53.22, -7.62),
    ('glg_Latn', 'Galician', 42.24, -7.53),
    ('glv_Latn', 'Manx', 54.23, -4.85),
    ('grn_Latn', 'Guarani', -25.61, -57.09),
    ('gsw_Latn', 'Swiss German', 48.61, 7.49),
    ('guc_Latn', 'Wayuu', 10.23, -71.81),
    ('guj_Gujr', 'Gujarati', 22.69, 71.1),
    ('hak_Hans', 'Hakka Chinese', 25.0, 115.0),
    ('hat_Latn', 'Haitian Creole', 19.0, -73.33),
    ('hau_Latn', 'Hausa', 11.15, 8.78),
    ('haw_Latn', 'Hawaiian', 19.63, -155.43),
    ('heb_Hebr', 'Hebrew', 31.11, 35.02),
    ('hil_Latn', 'Hiligaynon', 10.4, 122.97),
    ('hin_Deva', 'Hindi', 25.0, 77.0),
    ('hne_Deva', 'Chhattisgarhi', '', ''),
    ('hnj_Latn', 'Hmong Njua', 22.56, 101.95),
    ('hrv_Latn', 'Croatian', 45.2, 16.83),
    ('hsb_Latn', 'Upper Sorbian', 51.24, 14.41),
    ('hsn_Hans', 'Xiang Chinese', 28.11, 112.98),
    ('hun_Latn', 'Hungarian', 46.91, 19.66),
    ('hye_Armn', 'Armenian', 40.0, 45.0),
    ('ibb_Latn', 'Ibibio', 5.15, 7.87),
    ('ibo_Latn', 'Igbo', 4.63, 7.23),
    ('iii_Yiii', 'Sichuan Yi', 28.19, 102.12),
    ('ilo_Latn', 'Iloko', 15.94, 120.99),
    ('ina_Latn', 'Interlingua', 48.2, 2.62),
    ('ind_Latn', 'Indonesian', -7.33, 109.72),
    ('isl_Latn', 'Icelandic', 63.48, -19.02),
    ('ita_Latn', 'Italian', 43.05, 12.65),
    ('jam_Latn', 'Jamaican Creole English', 18.13, -77.26),
    ('jav_Latn', 'Javanese', -0.57, 110.89),
    ('jpn_Jpan', 'Japanese', 35.0, 135.0),
    ('kaa_Cyrl', 'Kara-Kalpak', 42.47, 59.6),
    ('kab_Latn', 'Kabyle', 36.41, 4.76),
    ('kac_Latn', 'Kachin', '', ''),
    ('kal_Latn', 'Kalaallisut', 69.38, -52.86),
    ('kam_Latn', 'Kamba', '', ''),
    ('kan_Knda', 'Kannada', 13.59, 76.12),
    ('kas_Arab', 'Kashmiri (Arabic)', '', ''),
    ('kas_Deva', 'Kashmiri (Devanagari)', '', ''),
    ('kat_Geor', 'Georgian', 39.37, 45.81),
    ('kaz_Cyrl', 'Kazakh', 41.87, 65.77),
    ('kbd_Cyrl', 'Kabardian', 43.51, 43.39),
    ('kbp_Latn', 'Kabiyè', 8.97, 0.5),
    ('kde_Latn', 'Makonde', -10.99, 39.51),
    ('kea_Latn', 'Kabuverdianu', 15.06, -23.61),
    ('kha_Latn', 'Khasi', 24.98, 92.0),
    ('khk_Cyrl', 'Halh Mongolian', 48.32, 106.29),
    ('khm_Khmr', 'Khmer', 12.05, 105.02),
    ('kik_Latn', 'Kikuyu', '', ''),
    ('kin_Latn', 'Kinyarwanda', -1.57, 29.64),
    ('kir_Cyrl', 'Kyrgyz', 42.0, 74.0),
    ('kmb_Latn', 'Kimbundu', -8.98, 14.89),
    ('kmr_Latn', 'Northern Kurdish', 37.0, 43.0),
    ('knc_Arab', 'Central Kanuri (Arabic)', 11.89, 16.39),
    ('knc_Latn', 'Central Kanuri (Latin)', 11.89, 16.39),
    ('koi_Cyrl', 'Komi-Permyak', 59.66, 54.8),
    ('kon_Latn', 'Kongo', -5.58, 14.48),
    ('kor_Hang', 'Korean', 37.5, 128.0),
    ('kqn_Latn', 'Kaonde', -12.41, 25.76),
    ('kri_Latn', 'Krio', 10.88, -14.32),
    ('krl_Latn', 'Karelian', 65.17, 30.87),
    ('lad_Latn', 'Ladino', 41.2, 28.66),
    ('lao_Laoo', 'Lao', 16.07, 104.57),
    ('lat_Latn', 'Latin', 41.9, 12.45),
    ('lij_Latn', 'Ligurian', 44.08, 7.91),
    ('lim_Latn', 'Limburgish', '', ''),
    ('lin_Latn', 'Lingala', 1.4, 19.78),
    ('lit_Latn', 'Lithuanian', 55.14, 23.96),
    ('lld_Latn', 'Ladin', 46.61, 11.89),
    ('lmo_Latn', 'Lombard', '', ''),
    ('loz_Latn', 'Lozi', -17.71, 24.74),
    ('ltg_Latn', 'Latgalian', '', ''),
    ('ltz_Latn', 'Luxembourgish', 49.68, 6.15),
    ('lua_Latn', 'Luba-Lulua', -5.73, 22.44),
    ('lue_Latn', 'Luvale', -13.54, 22.29),
    ('lug_Latn', 'Ganda', 0.67, 32.15),
    ('lun_Latn', 'Lunda', -11.18, 23.87),
    ('luo_Latn', 'Luo (Kenya and Tanzania)', '', ''),
    ('lus_Latn', 'Mizo', 22.61, 92.62),
    ('lvs_Latn', 'Standard Latvian', 56.83, 24.31),
    ('mad_Latn', 'Madurese', -7.0, 113.0),
    ('mag_Deva', 'Magahi', 25.09, 85.33),
    ('mah_Latn', 'Marshallese', 3.13, 170.46),
    ('mai_Deva', 'Maithili', 26.38, 86.22),
    ('mal_Mlym', 'Malayalam', 9.59, 76.77),
    ('mar_Deva', 'Marathi', 17.93, 76.67),
    ('mas_Latn', 'Masai', -3.14, 36.46),
    ('maz_Latn', 'Central Mazahua', 19.74, -100.02),
    ('men_Latn', 'Mende', 7.91, -10.99),
    ('mfe_Latn', 'Morisyen', -20.26, 57.55),
    ('mic_Latn', "Mi'kmaw", 45.99, -65.58),
    ('min_Arab', 'Minangkabau (Arabic)', -0.9, 100.44),
    ('min_Latn', 'Minangkabau (Latin)', -0.9, 100.44),
    ('mkd_Cyrl', 'Macedonian', 41.6, 21.79),
    ('mlt_Latn', 'Maltese', 35.89, 14.45),
    ('mni_Beng', 'Manipuri', '', ''),
    ('mnw_Mymr', 'Mon', 10.0, 100.0),
    ('mos_Latn', 'Mossi', 10.45, -1.17),
    ('mri_Latn', 'Māori', -38.29, 176.54),
    ('mya_Mymr', 'Burmese', 20.79, 93.97),
    ('nan_Hans', 'Min Nan Chinese', 25.0, 116.0),
    ('nav_Latn', 'Navajo', 36.21, -110.08),
    ('nbl_Latn', 'South Ndebele', -25.63, 29.05),
    ('ndo_Latn', 'Ndonga', -17.64, 19.16),
    ('nds_Latn', 'Low German', 50.77, 6.09),
    ('niu_Latn', 'Niuean', -19.05, -169.92),
    ('njo_Latn', 'Ao Naga', 26.32, 94.38),
    ('nld_Latn', 'Dutch', 52.0, 5.0),
    ('nno_Latn', 'Norwegian Nynorsk', 61.0, 11.0),
    ('nob_Latn', 'Norwegian Bokmål', 61.0, 8.0),
    ('npi_Deva', 'Nepali', 27.5, 85.0),
    ('nso_Latn', 'Northern Sotho', -24.8, 29.47),
    ('nus_Latn', 'Nuer', '', ''),
    ('nya_Latn', 'Nyanja', -14.8, 32.81),
    ('nym_Latn', 'Nyamwezi', -5.09, 32.94),
    ('nyn_Latn', 'Nyankole', -0.46, 30.55),
    ('nzi_Latn', 'Nzima', 5.18, -2.81),
    ('oci_Latn', 'Occitan', 44.0, 6.0),
    ('ory_Orya', 'Odia', '', ''),
    ('oss_Cyrl', 'Ossetic', 41.79, 43.27),
    ('pag_Latn', 'Pangasinan', '', ''),
    ('pam_Latn', 'Pampanga', 14.96, 120.5),
    ('pan_Guru', 'Punjabi', 30.04, 75.67),
    ('pap_Latn', 'Papiamento', 12.48, -69.94),
    ('pau_Latn', 'Palauan', 7.17, 134.5),
    ('pbt_Arab', 'Southern Pashto', '', ''),
    ('pcd_Latn', 'Picard', 50.28, 3.25),
    ('pcm_Latn', 'Nigerian Pidgin', 9.66, 4.21),
    ('pes_Arab', 'Iranian Persian', 28.66, 55.16),
    ('pis_Latn', 'Pijin', -9.57, 160.14),
    ('plt_Latn', 'Plateau Malagasy', -19.59, 47.12),
    ('pnb_Arab', 'Western Panjabi', 30.09, 75.35),
    ('pol_Latn', 'Polish', 51.84, 18.63),
    ('pon_Latn', 'Pohnpeian', 6.87, 158.22),
    ('por_Latn', 'Portuguese', -15.0, -47.0),
    ('ppl_Latn', 'Pipil', 13.89, -89.44),
    ('prs_Arab', 'Persian (Afghanistan)', 28.66, 55.16),
    ('quc_Latn', 'Kʼicheʼ', 14.53, -91.17),
    ('qug_Latn', 'Chimborazo Highland Quichua', -1.37, -78.85),
    ('quy_Latn', 'Ayacucho Quechua', -13.85, -74.32),
    ('roh_Latn', 'Romansh', 46.55, 9.93),
    ('ron_Latn', 'Romanian', 46.39, 24.23),
    ('run_Latn', 'Rundi', -1.44, 31.32),
    ('rus_Cyrl', 'Russian', 59.0, 50.0),
    ('sag_Latn', 'Sango', 6.79, 20.17),
    ('sah_Cyrl', 'Yakut', 61.7, 133.98),
    ('san_Deva', 'Sanskrit', 20.0, 77.0),
    ('sat_Beng', 'Santali (Bangla)', '', ''),
    ('sat_Olck', 'Santali (Ol Chiki)', '', ''),
    ('scn_Latn', 'Sicilian', '', ''),
    ('sco_Latn', 'Scots', 55.54, -6.0),
    ('shn_Mymr', 'Shan', 21.6, 98.03),
    ('sid_Latn', 'Sidamo', 6.74, 38.37),
    ('sin_Sinh', 'Sinhala', 7.0, 81.0),
    ('skr_Arab', 'Saraiki', 29.55, 71.91),
    ('slk_Latn', 'Slovak', 48.55, 18.78),
    ('slv_Latn', 'Slovenian', 46.25, 14.78),
    ('sme_Latn', 'Northern Sami', 68.72, 22.11),
    ('smn_Latn', 'Inari Sami', 69.42, 27.87),
    ('smo_Latn', 'Samoan', -13.92, -171.83),
    ('sms_Latn', 'Skolt Sami', 68.83, 29.72),
    ('sna_Latn', 'Shona', -17.21, 29.76),
    ('snd_Arab', 'Sindhi', '', ''),
    ('snk_Latn', 'Soninke', 13.13, -11.72),
    ('som_Latn', 'Somali', 4.78, 45.15),
    ('sot_Latn', 'Southern Sotho', -30.44, 27.9),
    ('spa_Latn', 'Spanish', 40.44, -1.12),
    ('srd_Latn', 'Sardinian', 40.49, 9.1),
    ('srp_Cyrl', 'Serbian', 44.32, 21.92),
    ('srr_Latn', 'Serer', 13.89, -16.39),
    ('ssw_Latn', 'Swati', -26.0, 31.5),
    ('suk_Latn', 'Sukuma', -3.16, 32.88),
    ('sun_Latn', 'Sundanese', -6.9, 107.11),
    ('sus_Latn', 'Susu', 10.4, -13.36),
    ('swb_Latn', 'Comorian', -12.97, 45.14),
    ('swe_Latn', 'Swedish', 59.8, 17.39),
    ('swh_Latn', 'Swahili', -8.26, 37.62),
    ('szl_Latn', 'Silesian', '', ''),
    ('tah_Latn', 'Tahitian', -17.65, -149.45),
    ('taj_Deva', 'Eastern Tamang', 27.32, 87.08),
    ('tam_Taml', 'Tamil', 10.52, 78.83),
    ('taq_Latn', 'Tamasheq (Latin)', '', ''),
    ('taq_Tfng', 'Tamasheq (Tifinagh)', '', ''),
    ('tat_Cyrl', 'Tatar', 55.0, 50.0),
    ('tel_Telu', 'Telugu', 16.45, 78.7),
    ('tem_Latn', 'Timne', 8.9, -12.33),
    ('tet_Latn', 'Tetum', -9.11, 125.53),
    ('tgk_Cyrl', 'Tajik', 38.82, 68.55),
    ('tgl_Latn', 'Filipino', 14.06, 121.75),
    ('tha_Thai', 'Thai', 14.19, 100.67),
    ('tir_Ethi', 'Tigrinya', 15.34, 38.93),
    ('tiv_Latn', 'Tiv', 6.88, 9.26),
    ('tly_Latn', 'Talysh', 38.46, 48.63),
    ('toi_Latn', 'Tonga (Zambia)', -17.42, 27.1),
    ('ton_Latn', 'Tongan', -21.17, -175.25),
    ('tpi_Latn', 'Tok Pisin', -9.42, 147.3),
    ('tsn_Latn', 'Tswana', -24.37, 24.76),
    ('tso_Latn', 'Tsonga', -23.58, 31.81),
    ('tuk_Latn', 'Turkmen', 37.09, 59.18),
    ('tum_Latn', 'Tumbuka', '', ''),
    ('tur_Latn', 'Turkish', 39.87, 32.87),
    ('twi_Latn', 'Twi', 6.35, -1.33),
    ('tyv_Cyrl', 'Tuvinian', 48.44, 92.67),
    ('tzm_Tfng', 'Central Atlas Tamazight', 32.74, -2.41),
    ('uig_Arab', 'Uyghur', 43.67, 79.75),
    ('ukr_Cyrl', 'Ukrainian', 48.18, 24.4),
    ('umb_Latn', 'Umbundu', -12.48, 14.41),
    ('urd_Arab', 'Urdu', 25.0, 67.0),
    ('uzn_Latn', 'Northern Uzbek', 43.75, 59.23),
    ('vai_Vaii', 'Vai', 7.05, -11.33),
    ('vec_Latn', 'Venetian', 45.41, 13.03),
    ('ven_Latn', 'Venda', -22.19, 29.95),
    ('vep_Latn', 'Veps', 60.34, 34.79),
    ('vie_Latn', 'Vietnamese', 18.39, 106.76),
    ('vmw_Latn', 'Makhuwa', -14.85, 38.81),
    ('war_Latn', 'Waray', 11.49, 125.01),
    ('wln_Latn', 'Walloon', 50.22, 5.15),
    ('wol_Latn', 'Wolof', 15.25, -15.38),
    ('wuu_Hans', 'Wu Chinese', 31.23, 121.47),
    ('xho_Latn', 'Xhosa', -31.04, 28.08),
    ('yao_Latn', 'Yao', -13.61, 35.24),
    ('yap_Latn', 'Yapese', 9.56, 138.12),
    ('ydd_Hebr', 'Eastern Yiddish', 51.75, 19.42),
    ('yor_Latn', 'Yoruba', 7.15, 3.67),
    ('yua_Latn', 'Yucateco', 18.78, -88.96),
    ('yue_Hant', 'Cantonese', 31.13, 121.29),
    ('zdj_Latn', 'Ngazidja Comorian', -12.0, 44.0),
    ('zgh_Tfng', 'Standard Moroccan Tamazight', 14.2, -2.41),
    ('zho_Hans', 'Chinese (Simplified)', 40.02, 116.23),
    ('zho_Hant', 'Chinese (Traditional)', 40.02, 116.23),
    ('zsm_Latn', 'Standard Malay', 1.86, 103.0),
    ('zul_Latn', 'Zulu', -25.33, 31.35),
]

# (code, name, extensions) for every programming language row.
PROGRAMMING = [
    ("ada", "Ada", ".adb|.ads|.ada"),
    ("assembly", "Assembly", ".asm|.s"),
    ("awk", "AWK", ".awk"),
    ("batchfile", "Batchfile", ".bat|.cmd"),
    ("c", "C", ".c|.h"),
    ("clojure", "Clojure", ".clj|.cljs|.cljc|.edn"),
    ("cmake", "CMake", ".cmake"),
    ("cobol", "COBOL", ".cob|.cbl|.cpy"),
    ("coffeescript", "CoffeeScript", ".coffee"),
    ("common-lisp", "Common Lisp", ".lisp|.lsp|.cl"),
    ("cpp", "C++", ".cpp|.cc|.cxx|.c++|.hpp|.hh|.hxx|.h++"),
    ("crystal", "Crystal", ".cr"),
    ("csharp", "C#", ".cs|.csx"),
    ("css", "CSS", ".css"),
    ("cuda", "CUDA", ".cu|.cuh"),
    ("cython", "Cython", ".pyx|.pxd|.pxi"),
    ("d", "D", ".d"),
    ("dart", "Dart", ".dart"),
    ("elixir", "Elixir", ".ex|.exs"),
    ("elm", "Elm", ".elm"),
    ("emacs-lisp", "Emacs Lisp", ".el"),
    ("erlang", "Erlang", ".erl|.hrl"),
    ("fortran", "Fortran", ".f|.for|.f77|.f90|.f95|.f03|.f08"),
    ("fish", "fish", ".fish"),
    ("fsharp", "F#", ".fs|.fsi|.fsx"),
    ("go", "Go", ".go"),
    ("graphql", "GraphQL", ".graphql|.gql"),
    ("groovy", "Groovy", ".groovy|.gradle|.gvy"),
    ("haskell", "Haskell", ".hs|.lhs"),
    ("haxe", "Haxe", ".hx"),
    ("html", "HTML", ".html|.htm|.xhtml"),
    ("java", "Java", ".java"),
    ("javascript", "JavaScript", ".js|.mjs|.cjs|.jsx"),
    ("json", "JSON", ".json"),
    ("julia", "Julia", ".jl"),
    ("kotlin", "Kotlin", ".kt|.kts"),
    ("latex", "LaTeX", ".tex|.sty|.cls"),
    ("lua", "Lua", ".lua"),
    ("m4", "M4", ".m4"),
    ("makefile", "Makefile", ".mk|.mak|.make"),
    ("markdown", "Markdown", ".md|.markdown"),
    ("matlab", "MATLAB", ".matlab|.mlx"),
    ("meson", "Meson", ""),
    ("nim", "Nim", ".nim|.nims"),
    ("nushell", "Nushell", ".nu"),
    ("objective-c", "Objective-C", ".m|.mm"),
    ("ocaml", "OCaml", ".ml|.mli"),
    ("pascal", "Pascal", ".pas|.dpr"),
    ("perl", "Perl", ".pl|.pm"),
    ("php", "PHP", ".php|.phtml"),
    ("powershell", "PowerShell", ".ps1|.psm1|.psd1"),
    ("prolog", "Prolog", ".pro|.prolog"),
    ("protobuf", "Protocol Buffer", ".proto"),
    ("python", "Python", ".py|.pyi|.pyw"),
    ("r", "R", ".r|.rmd"),
    ("racket", "Racket", ".rkt"),
    ("ruby", "Ruby", ".rb|.rake|.gemspec"),
    ("rust", "Rust", ".rs"),
    ("scala", "Scala", ".scala|.sc"),
    ("scheme", "Scheme", ".scm|.ss"),
    ("scss", "SCSS", ".scss"),
    ("shell", "Shell", ".sh|.bash|.zsh|.ksh"),
    ("solidity", "Solidity", ".sol"),
    ("standard-ml", "Standard ML", ".sml|.sig|.fun"),
    ("sql", "SQL", ".sql"),
    ("swift", "Swift", ".swift"),
    ("systemverilog", "SystemVerilog", ".sv|.svh"),
    ("tcl", "Tcl", ".tcl|.tk"),
    ("tcsh", "Tcsh", ".csh|.tcsh"),
    ("typescript", "TypeScript", ".ts|.tsx|.mts|.cts"),
    ("vala", "Vala", ".vala|.vapi"),
    ("vb", "Visual Basic", ".vb|.vbs|.bas"),
    ("verilog", "Verilog", ".v|.vh"),
    ("vhdl", "VHDL", ".vhd|.vhdl"),
    ("vim-script", "Vim Script", ".vim"),
    ("vue", "Vue", ".vue"),
    ("xml", "XML", ".xml|.xsd|.xsl"),
    ("yaml", "YAML", ".yaml|.yml"),
    ("zig", "Zig", ".zig"),
]


# Linguist names counted with a target language whose name differs (dialects with their family).
LINGUIST_MERGE = {
    "Fortran Free Form": "fortran", "TSX": "typescript", "Visual Basic .NET": "vb", "Unix Assembly": "assembly",
    "Motorola 68K Assembly": "assembly", "PLpgSQL": "sql", "PLSQL": "sql", "SQLPL": "sql", "TSQL": "sql",
    "M4Sugar": "m4", "Cuda": "cuda",
}


def code_alias_key(name: str) -> str:
    """Normal form of a programming-language name or alias (the runtime uses the same rule)."""
    return " ".join(name.casefold().replace("_", " ").replace("-", " ").split())


def linguist_languages() -> list[tuple[str, str, list[str]]]:
    """(name, type, aliases) of every linguist language, from ``linguist_languages.tsv``."""
    out = []
    for line in LINGUIST.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, type_, aliases = line.split("\t")
            out.append((name, type_, [a for a in aliases.split("|") if a]))
    return out


def _slug(name: str) -> str:
    s = name.lower().replace("#", "sharp").replace("+", "p").replace("*", "star")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def linguist_codes() -> dict[str, str]:
    """linguist name -> registry code (a target row's code, a merge, or the name's slug)."""
    by_name = {code_alias_key(name): code for code, name, _ in PROGRAMMING}
    out = {}
    for name, _, _ in linguist_languages():
        out[name] = LINGUIST_MERGE.get(name) or by_name.get(code_alias_key(name)) or _slug(name)
    return out


def build_aliases() -> list[tuple[str, str]]:
    """(alias key, code) rows of ``code_languages.csv``; an alias two languages claim is left out."""
    claims: dict[str, set[str]] = {}
    codes = linguist_codes()
    for code, name, _ in PROGRAMMING:
        for a in (code, name):
            claims.setdefault(code_alias_key(a), set()).add(code)
    for name, _, aliases in linguist_languages():
        for a in [name, *aliases]:
            claims.setdefault(code_alias_key(a), set()).add(codes[name])
    return sorted((k, next(iter(v))) for k, v in claims.items() if len(v) == 1)


def _fmt(x: object) -> str:
    return "" if x == "" or x is None else f"{x:g}" if isinstance(x, float) else str(x)


def build_rows() -> list[dict[str, str]]:
    flores = set(FLORES_200) | set(FLORES_200_DATA_ALIASES)
    rows = []
    for code, name, lat, lon in sorted(NATURAL):
        iso, script = code.split("_")
        tier = "high" if code in HIGH else "mid" if code in flores else "low"
        rows.append(dict(code=code, kind="natural", iso639_3=iso, script=script, name=name,
                         tier=tier, target="true", extensions="", lat=_fmt(lat), lon=_fmt(lon)))
    programming = {code: (name, exts, "true") for code, name, exts in PROGRAMMING}
    for name, code in linguist_codes().items():
        programming.setdefault(code, (name, "", "false"))
    for code, (name, exts, target) in sorted(programming.items()):
        rows.append(dict(code=code, kind="programming", iso639_3="", script="", name=name,
                         tier="", target=target, extensions=exts, lat="", lon=""))
    _validate(rows, flores)
    return rows


def _validate(rows: list[dict[str, str]], flores: set[str]) -> None:
    codes = [r["code"] for r in rows]
    assert len(FLORES_200) == 204 and len(set(FLORES_200)) == 204
    assert len(codes) == len(set(codes)), "duplicate codes"
    assert flores <= set(codes), sorted(flores - set(codes))
    assert HIGH <= flores
    exts = [e for r in rows for e in r["extensions"].split("|") if e]
    assert len(exts) == len(set(exts)), "extension mapped to two languages"
    assert all(e.startswith(".") and e == e.lower() for e in exts)
    assert sum(r["kind"] == "natural" for r in rows) >= 282
    assert sum(r["kind"] == "programming" for r in rows) >= 40


def render() -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(build_rows())
    return buf.getvalue()


def render_aliases() -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["alias", "code"])
    w.writerows(build_aliases())
    return buf.getvalue()


SCRIPTS_OUT = Path(__file__).with_name("language_scripts.csv")
UDHR_SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "udhr_pairs.jsonl.gz"  # curation/configs -> curation/


def _alpha3(tag: str) -> str | None:
    import langcodes

    try:
        lang = langcodes.Language.get(tag)
        return lang.to_alpha3() if lang.language and lang.language != "und" else None
    except (ValueError, LookupError):
        return None


def cldr_scripts() -> dict[str, set[str]]:
    """ISO 639-3 -> scripts listed by CLDR languageData (primary and secondary)."""
    import xml.etree.ElementTree as ET

    import language_data

    tree = ET.parse(Path(language_data.__file__).parent / "data" / "supplementalData.xml")
    out: dict[str, set[str]] = {}
    for el in tree.iter("language"):
        iso = _alpha3(el.get("type", ""))
        if iso and el.get("scripts"):
            out.setdefault(iso, set()).update(el.get("scripts").split())
    return out


def observed_scripts(min_paragraphs: int = 3) -> dict[str, set[str]]:
    """ISO 639-3 -> dominant scripts of the bundled UDHR sample's paragraphs."""
    import gzip
    import json
    from collections import Counter

    sys.path.insert(0, str(UDHR_SAMPLE.parents[2]))
    from curation.scripts import detect_scripts

    rows = [json.loads(line) for line in gzip.open(UDHR_SAMPLE, "rt", encoding="utf-8")]
    counts: Counter = Counter()
    for row, res in zip(rows, detect_scripts([r["text"] for r in rows])):
        iso = _alpha3(row["lang"])
        if iso and res.script not in ("Zyyy", "Zinh", "Zzzz", "Hani") and not res.mixed:
            counts[(iso, res.script)] += 1
    out: dict[str, set[str]] = {}
    for (iso, script), n in counts.items():
        if n >= min_paragraphs:
            out.setdefault(iso, set()).add(script)
    return out


def render_scripts() -> str:
    cldr, seen = cldr_scripts(), observed_scripts()
    own: dict[str, set[str]] = {}
    for code, *_ in NATURAL:
        iso, script = code.split("_")
        own.setdefault(iso, set()).add(script)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["iso639_3", "scripts", "cldr", "observed"])
    for iso in sorted(set(cldr) | set(seen) | set(own)):
        union = cldr.get(iso, set()) | seen.get(iso, set()) | own.get(iso, set())
        w.writerow([iso, "|".join(sorted(union)), "|".join(sorted(cldr.get(iso, ()))), "|".join(sorted(seen.get(iso, ())))])
    return buf.getvalue()


def main(argv: list[str]) -> int:
    outputs = {OUT: render(), ALIASES_OUT: render_aliases(), SCRIPTS_OUT: render_scripts()}
    if "--check" in argv:
        stale = [p.name for p, text in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        print(f"stale: {stale}" if stale else "languages.csv, code_languages.csv and language_scripts.csv up to date")
        return 1 if stale else 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
