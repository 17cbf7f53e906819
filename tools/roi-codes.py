#!/usr/bin/python3
"""Write formats/eba-roi/codes.json: the closed lists of the DORA Register of Information.

The Annex lists (entity types, arrangement types, ...) are written out below with the member
of the EBA DPM 4.0 code list each value is reported as (Implementing Regulation (EU) 2024/2956,
Annexes I-IV; EBA DPM 4.0 domains CT, RP, CO, ZZ, BT, TA, qCO).  Countries (ISO 3166-1
alpha-2) and currencies (ISO 4217) come from Debian's iso-codes, with their Danish names from
its translations.  Run with Debian's own interpreter:  /usr/bin/python3 tools/roi-codes.py
"""
import gettext
import json
import os
import sys

ISO = "/usr/share/iso-codes/json"

# (key, EBA member, Danish, English)
ANNEX = {
    "entity_type": ("B_01.01.0040, B_01.02.0040 (Annex I: type of entity); EBA domain CT", [
        ("credit_institution", "eba_CT:x12", "Kreditinstitut", "Credit institution"),
        ("investment_firm", "eba_CT:x599", "Investeringsselskab", "Investment firm"),
        ("payment_institution", "eba_CT:x300", "Betalingsinstitut", "Payment institution"),
        ("aisp", "eba_CT:x301", "Udbyder af kontooplysningstjenester", "Account information service provider"),
        ("e_money_institution", "eba_CT:x302", "E-pengeinstitut", "Electronic money institution"),
        ("casp", "eba_CT:x303", "Udbyder af kryptoaktivtjenester", "Crypto-asset service provider"),
        ("csd", "eba_CT:x304", "Værdipapircentral", "Central securities depository"),
        ("trading_venue", "eba_CT:x305", "Markedsplads", "Trading venue"),
        ("trade_repository", "eba_CT:x306", "Transaktionsregister", "Trade repository"),
        ("aifm", "eba_CT:x307", "Forvalter af alternative investeringsfonde", "Manager of alternative investment funds"),
        ("data_reporting", "eba_CT:x308", "Udbyder af dataindberetningstjenester", "Data reporting service provider"),
        ("insurance", "eba_CT:x309", "Forsikrings- og genforsikringsselskab", "Insurance and reinsurance undertaking"),
        ("art_issuer", "eba_CT:x310", "Udsteder af e-penge-tokens knyttet til aktiver", "Issuer of asset-referenced tokens"),
        ("iorp", "eba_CT:x311", "Arbejdsmarkedsrelateret pensionskasse", "Institution for occupational retirement provision"),
        ("credit_rating_agency", "eba_CT:x312", "Kreditvurderingsbureau", "Credit rating agency"),
        ("benchmark_administrator", "eba_CT:x313", "Administrator af kritiske benchmarks", "Administrator of critical benchmarks"),
        ("crowdfunding", "eba_CT:x314", "Udbyder af crowdfundingtjenester", "Crowdfunding service provider"),
        ("securitisation_repository", "eba_CT:x315", "Securitiseringsregister", "Securitisation repository"),
        ("other", "eba_CT:x316", "Anden finansiel enhed", "Other financial entity"),
        ("ict_intra_group_provider", "eba_CT:x317", "Ikke-finansiel enhed: koncernintern IKT-tjenesteudbyder",
         "Non-financial entity: ICT intra-group service provider"),
        ("non_financial_other", "eba_CT:x318", "Ikke-finansiel enhed: anden end koncernintern IKT-tjenesteudbyder",
         "Non-financial entity: other than ICT intra-group service provider"),
        ("insurance_intermediary", "eba_CT:x320", "Forsikringsformidler, genforsikringsformidler og accessorisk forsikringsformidler",
         "Insurance intermediary, reinsurance intermediary and ancillary insurance intermediary"),
        ("management_company", "eba_CT:x639", "Administrationsselskab", "Management company"),
        ("ccp", "eba_CT:x643", "Central modpart (CCP)", "Central counterparty (CCP)"),
    ]),
    "hierarchy": ("B_01.02.0050 (hierarchy of the entity within the group); EBA domain RP", [
        ("ultimate_parent", "eba_RP:x53", "Ultimativt moderselskab", "Ultimate parent"),
        ("parent", "eba_RP:x551", "Moderselskab, ikke ultimativt", "Parent other than ultimate parent"),
        ("subsidiary", "eba_RP:x56", "Datterselskab", "Subsidiary"),
        ("outside_group", "eba_RP:x21", "Enhed uden for koncernen", "Entity other than entities of the group"),
    ]),
    "arrangement_type": ("B_02.01.0020 (type of contractual arrangement); EBA domain CO", [
        ("standalone", "eba_CO:x1", "Selvstændig aftale", "Standalone arrangement"),
        ("overarching", "eba_CO:x2", "Rammeaftale", "Overarching arrangement"),
        ("subsequent", "eba_CO:x3", "Underliggende eller tilknyttet aftale", "Subsequent or associated arrangement"),
    ]),
    "termination": ("B_02.02.0090 (reason of the termination or ending); EBA domain CO", [
        ("expired", "eba_CO:x4", "Udløbet og ikke fornyet", "Termination not for cause: expired and not renewed"),
        ("provider_breach", "eba_CO:x5", "Udbyderen har overtrådt lov eller aftale",
         "Termination for cause: provider in breach of applicable law, regulations or contractual provisions"),
        ("impediments", "eba_CO:x6", "Forhold hos udbyderen, der kan ændre den understøttede funktion",
         "Termination for cause: identified impediments of the provider capable of altering the supported function"),
        ("data_security", "eba_CO:x7", "Svagheder i udbyderens sikring af følsomme data",
         "Termination for cause: provider's weaknesses regarding the management and security of sensitive data or information"),
        ("authority", "eba_CO:x8", "Krævet af den kompetente myndighed", "Termination as requested by the competent authority"),
        ("other", "eba_CO:x9", "Andre årsager", "Other reasons for termination"),
    ]),
    "sensitiveness": ("B_02.02.0170 (sensitiveness of the data stored); EBA domain ZZ", [
        ("low", "eba_ZZ:x791", "Lav", "Low"),
        ("medium", "eba_ZZ:x792", "Middel", "Medium"),
        ("high", "eba_ZZ:x793", "Høj", "High"),
    ]),
    "reliance": ("B_02.02.0180 (level of reliance); EBA domain ZZ", [
        ("not_significant", "eba_ZZ:x794", "Ikke væsentlig", "Not significant"),
        ("low", "eba_ZZ:x795", "Lav afhængighed", "Low reliance"),
        ("material", "eba_ZZ:x796", "Væsentlig afhængighed", "Material reliance"),
        ("full", "eba_ZZ:x797", "Fuld afhængighed", "Full reliance"),
    ]),
    "person_type": ("B_05.01.0070 (type of person of the ICT third-party service provider); EBA domain CT", [
        ("legal", "eba_CT:x212", "Juridisk person", "Legal person, excluding individuals acting in a business capacity"),
        ("natural", "eba_CT:x213", "Fysisk person i erhvervsmæssig egenskab", "Individual acting in a business capacity"),
    ]),
    "code_type": ("every 'type of code' column (B_02.02.0040, B_03.02.0030, B_05.01.0020/0040/0120, B_05.02.0040/0070, "
                  "B_07.01.0030); EBA domain qCO", [
        ("lei", "eba_qCO:qx2000", "LEI", "LEI (ISO 17442)"),
        ("nin", "eba_qCO:qx2001", "Nationalt identitetsnummer", "National identity number"),
        ("euid", "eba_qCO:qx2002", "EUID", "European Unique Identifier (EUID)"),
        ("crn", "eba_qCO:qx2003", "Virksomhedsregistreringsnummer (CVR)", "Company registration number"),
        ("vat", "eba_qCO:qx2004", "Momsnummer", "VAT number"),
        ("pnr", "eba_qCO:qx2005", "Pasnummer", "Passport number"),
    ]),
    "assessment": ("B_06.01.0050, B_07.01.0110 (yes, no, assessment not performed); EBA domain BT", [
        ("yes", "eba_BT:x28", "Ja", "Yes"),
        ("no", "eba_BT:x29", "Nej", "No"),
        ("not_performed", "eba_BT:x21", "Vurdering ikke foretaget", "Assessment not performed"),
    ]),
    "impact": ("B_06.01.0100, B_07.01.0100 (impact of discontinuing); EBA domain ZZ", [
        ("low", "eba_ZZ:x791", "Lav", "Low"),
        ("medium", "eba_ZZ:x792", "Middel", "Medium"),
        ("high", "eba_ZZ:x793", "Høj", "High"),
        ("not_performed", "eba_ZZ:x799", "Vurdering ikke foretaget", "Assessment not performed"),
    ]),
    "substitutability": ("B_07.01.0050 (substitutability of the ICT third-party service provider); EBA domain ZZ", [
        ("not_substitutable", "eba_ZZ:x959", "Kan ikke erstattes", "Not substitutable"),
        ("highly_complex", "eba_ZZ:x960", "Meget kompleks at erstatte", "Highly complex substitutability"),
        ("medium", "eba_ZZ:x961", "Middel kompleks at erstatte", "Medium complexity in terms of substitutability"),
        ("easy", "eba_ZZ:x962", "Let at erstatte", "Easily substitutable"),
    ]),
    "not_substitutable_reason": ("B_07.01.0060 (reason if not substitutable or highly complex); EBA domain ZZ", [
        ("no_alternatives", "eba_ZZ:x963", "Ingen reelle alternativer", "Lack of real alternatives"),
        ("migration", "eba_ZZ:x964", "Vanskelig migrering eller hjemtagelse", "Difficulties in migrating or reintegrating"),
        ("both", "eba_ZZ:x965", "Ingen reelle alternativer og vanskelig migrering",
         "Lack of real alternatives and difficulties in migrating or reintegrating"),
    ]),
    "reintegration": ("B_07.01.0090 (possibility of reintegration of the contracted ICT service); EBA domain ZZ", [
        ("easy", "eba_ZZ:x798", "Let", "Easy"),
        ("difficult", "eba_ZZ:x966", "Vanskelig", "Difficult"),
        ("highly_complex", "eba_ZZ:x967", "Meget kompleks", "Highly complex"),
    ]),
    "binary": ("B_02.02.0140, B_07.01.0080 (yes or no); EBA domain BT", [
        ("yes", "eba_BT:x28", "Ja", "Yes"),
        ("no", "eba_BT:x29", "Nej", "No"),
    ]),
    "branch_nature": ("B_04.01.0030 (nature of the entity making use of the ICT services); EBA domain ZZ", [
        ("branch", "eba_ZZ:x838", "Filial af en finansiel enhed", "Branch of a financial entity"),
        ("not_branch", "eba_ZZ:x839", "Ikke en filial", "Not a branch"),
    ]),
    "service_type": ("Annex III (type of ICT services): B_02.02.0060, B_05.02.0020, B_07.01.0040; EBA domain TA", [
        ("S01", "eba_TA:S01", "IKT-projektledelse", "ICT project management"),
        ("S02", "eba_TA:S02", "IKT-udvikling", "ICT development"),
        ("S03", "eba_TA:S03", "IKT-helpdesk og førsteniveausupport", "ICT help desk and first level support"),
        ("S04", "eba_TA:S04", "IKT-sikkerhedsstyring", "ICT security management services"),
        ("S05", "eba_TA:S05", "Levering af data", "Provision of data"),
        ("S06", "eba_TA:S06", "Dataanalyse", "Data analysis"),
        ("S07", "eba_TA:S07", "IKT-faciliteter og hosting (ikke cloud)", "ICT, facilities and hosting services (excluding cloud services)"),
        ("S08", "eba_TA:S08", "Beregning", "Computation"),
        ("S09", "eba_TA:S09", "Datalagring (ikke cloud)", "Non-cloud data storage"),
        ("S10", "eba_TA:S10", "Teleoperatør", "Telecom carrier"),
        ("S11", "eba_TA:S11", "Netværksinfrastruktur", "Network infrastructure"),
        ("S12", "eba_TA:S12", "Hardware og fysiske enheder", "Hardware and physical devices"),
        ("S13", "eba_TA:S13", "Softwarelicenser (ikke SaaS)", "Software licencing (excluding SaaS)"),
        ("S14", "eba_TA:S14", "IKT-drift (herunder vedligeholdelse)", "ICT operation management (including maintenance)"),
        ("S15", "eba_TA:S15", "IKT-rådgivning", "ICT consulting"),
        ("S16", "eba_TA:S16", "IKT-risikostyring", "ICT risk management"),
        ("S17", "eba_TA:S17", "Cloudtjenester: IaaS", "Cloud services: IaaS"),
        ("S18", "eba_TA:S18", "Cloudtjenester: PaaS", "Cloud services: PaaS"),
        ("S19", "eba_TA:S19", "Cloudtjenester: SaaS", "Cloud services: SaaS"),
    ]),
}

# B_06.01.0020 licensed activity: the EBA member without its prefix is the key ("x162").
# Danish labels for the banking and payment activities a Danish member reports; the rest keep
# the English text in both languages (the UI shows the English label beside the Danish one).
LICENSED = [
    ("x162", "Modtagelse af indlån og andre midler med tilbagebetalingspligt", "Taking deposits and other repayable funds"),
    ("x163", "Udlån", "Lending activities"),
    ("x164", "Finansiel leasing", "Financial leasing"),
    ("x165", "Udstedelse og administration af andre betalingsmidler", "Issuing and administering other means of payment"),
    ("x166", "Garantier og forpligtelser", "Guarantees and commitments"),
    ("x168", "Handel for egen eller kunders regning", "Trading for own account or for account of customers"),
    ("x169", "Medvirken ved værdipapirudstedelser", "Participation in securities issues and the provision of services relating to such issues"),
    ("x28", "Betalingstjenester", "Payment services"),
    ("x170", "Rådgivning", "Advisory services"),
    ("x171", "Pengemæglervirksomhed", "Money broking"),
    ("x172", "Porteføljeadministration og -rådgivning", "Portfolio management and advice"),
    ("x174", "Opbevaring og forvaltning af værdipapirer", "Safekeeping and administration of securities"),
    ("x178", "Boksudlejning", "Safe custody services"),
    ("x179", "Kreditoplysning", "Credit reference services"),
    ("x180", "Udstedelse af elektroniske penge", "Issuing electronic money"),
    ("x220", "Indbetaling af kontanter på en betalingskonto", "Services enabling cash to be placed on a payment account as well as all the operations required for operating a payment account"),
    ("x221", "Hævning af kontanter fra en betalingskonto", "Services enabling cash withdrawals from a payment account as well as all the operations required for operating a payment account"),
    ("x222", "Gennemførelse af betalingstransaktioner", "Execution of payment transactions, including transfers of funds on a payment account with the user's payment service provider or with another payment service provider"),
    ("x223", "Betalingstransaktioner dækket af en kreditlinje", "Execution of payment transactions where the funds are covered by a credit line for a payment service user"),
    ("x224", "Udstedelse af betalingsinstrumenter og indløsning af betalingstransaktioner", "Issuing of payment instruments and/or acquiring of payment transactions"),
    ("x225", "Pengeoverførsel", "Money remittance"),
    ("x226", "Betalingsinitieringstjenester", "Payment initiation services"),
    ("x227", "Kontooplysningstjenester", "Account information services"),
    ("x104", "Valutatjenester", "Foreign exchange services"),
    ("x133", "Modtagelse og formidling af ordrer", "Reception and transmission of orders"),
    ("x134", "Udførelse af ordrer på kunders vegne", "Execution of orders on behalf of clients"),
    ("x136", "Porteføljepleje", "Portfolio management"),
    ("x137", "Investeringsrådgivning", "Investment advice"),
    ("x138", "Emissionsgaranti og placering med fast forpligtelse", "Underwriting of financial instruments and/or placing of financial instruments on a firm commitment basis"),
    ("x139", "Placering uden fast forpligtelse", "Placing of financial instruments without a firm commitment basis"),
    ("x140", "Drift af en MHF", "Operation of an MTF"),
    ("x141", "Drift af en OHF", "Operation of an OTF"),
    ("x143", "Lån eller kredit til investorer", "Granting credits or loans to investors"),
    ("x146", "Investeringsanalyse og finansiel analyse", "Investment research and financial analysis"),
    ("x147", "Tjenester i forbindelse med emissionsgaranti", "Services related to underwriting"),
    ("x173", "Handel for egen regning", "Dealing on own account"),
    ("x175", "Opbevaring og forvaltning af finansielle instrumenter for kunders regning", "Safekeeping and administration of financial instruments for the account of clients"),
    ("x183", "Porteføljeforvaltning (FAIF)", "Management of portfolios of investments (AIFMD)"),
    ("x184", "Porteføljeforvaltning (UCITS)", "Management of portfolios of investments (UCITSD)"),
    ("x193", "Livsforsikring", "Life insurance: Article 2(3)(a)(i)-(iii) excluding II and III"),
    ("x202", "Forsikringsdistribution", "Insurance distribution"),
    ("x205", "Pensionsrelaterede aktiviteter", "Retirement-benefit related operations and activities arising therefrom"),
    ("x206", "Udstedelse af kreditvurderinger", "Issuance of credit ratings"),
    ("x211", "Crowdfundingtjenester", "Provision of crowdfunding services"),
    ("x239", "Central kontoføring", "Central maintenance service"),
    ("x240", "Afviklingstjeneste", "Settlement service"),
    ("x238", "Notartjeneste", "Notary service"),
    ("x252", "Levering af IT-tjenester", "Providing IT services"),
    ("x259", "Mellemmand mellem modparter (CCP)", "Interposition between counterparties"),
    ("x276", "Støttefunktion", "Supporting function"),
]

# The rest of Annex IV, English text in both languages.
LICENSED_EN = [
    ("x144", "Advice to undertakings on capital structure, industrial strategy and related matters and advice and services relating to mergers and the purchase of undertakings"),
    ("x167", "Guarantees and commitments related to securities lending and borrowing, within the meaning of point 6 of Annex I to Directive 2013/36/EU"),
    ("x176", "Safe-keeping and administration in relation to shares or units of collective investment undertakings"),
    ("x177", "Non-core services (safekeeping and administration in relation to units of collective investment undertakings)"),
    ("x181", "Reception and transmission of orders for crypto-assets on behalf of clients"),
    ("x182", "Portfolio management on crypto-assets"),
    ("x185", "Non-life insurance: classes 1 and 2: 'Accident and Health Insurance'"),
    ("x186", "Non-life insurance: classes 1 (fourth indent), 3, 7 and 10: 'Motor Insurance'"),
    ("x187", "Non-life insurance: classes 1 (fourth indent), 4, 6, 7 and 12: 'Marine and Transport Insurance'"),
    ("x188", "Non-life insurance: classes 1 (fourth indent), 5, 7 and 11: 'Aviation Insurance'"),
    ("x189", "Non-life insurance: classes 8 and 9: 'Insurance against Fire and other Damage to Property'"),
    ("x190", "Non-life insurance: classes 10, 11, 12 and 13: 'Liability Insurance'"),
    ("x191", "Non-life insurance: classes 14 and 15: 'Credit and Suretyship Insurance'"),
    ("x192", "Non-life insurance: all classes, at the choice of the Member States"),
    ("x194", "Life insurance: marriage assurance, birth assurance"),
    ("x195", "Life insurance: the insurance referred to in points (a)(i) and (ii) of Article 2(3), linked to investment funds"),
    ("x196", "Life insurance: permanent health insurance, point (a)(iv) of Article 2(3)"),
    ("x197", "Life insurance: tontines, point (b)(i) of Article 2(3)"),
    ("x198", "Life insurance: capital redemption operations, point (b)(ii) of Article 2(3)"),
    ("x199", "Life insurance: management of group pension funds, points (b)(iii) and (iv) of Article 2(3)"),
    ("x200", "Life insurance: the operations referred to in point (b)(v) of Article 2(3)"),
    ("x201", "Life insurance: the operations referred to in Article 2(3)(c)"),
    ("x203", "Reinsurance distribution"),
    ("x204", "Investment services related to the underlying of the derivatives"),
    ("x207", "Administering the arrangements for determining a benchmark"),
    ("x208", "Collecting, analysing or processing input data for the purpose of determining a benchmark"),
    ("x209", "Determining a benchmark through the application of a formula or other method of calculation or by an assessment of input data"),
    ("x210", "Publication of benchmark"),
    ("x212", "Ancillary non-securitisation services"),
    ("x213", "Ancillary securitisation services"),
    ("x214", "Collection and maintenance of the records of derivatives (non-SFTs)"),
    ("x215", "Collection and maintenance of the records of SFTs"),
    ("x216", "Collection and maintenance of the records of securitisations"),
    ("x217", "Activity as approved publication arrangement"),
    ("x218", "Activity as consolidated tape provider"),
    ("x219", "Activity as approved reporting mechanism"),
    ("x228", "Providing custody and administration of crypto-assets on behalf of clients"),
    ("x229", "Operation of a trading platform for crypto-assets"),
    ("x230", "Operation of a regulated market"),
    ("x231", "Exchange of crypto-assets for funds"),
    ("x232", "Exchange of crypto-assets for other crypto-assets"),
    ("x233", "Execution of orders for crypto-assets on behalf of clients"),
    ("x234", "Placing of crypto-assets"),
    ("x235", "Providing advice on crypto-assets"),
    ("x236", "Providing transfer services for crypto-assets on behalf of clients"),
    ("x237", "Issuance of asset-referenced tokens"),
    ("x241", "Organising a securities lending mechanism, as agent among participants of a securities settlement system"),
    ("x242", "Collateral management services"),
    ("x243", "General collateral management services"),
    ("x244", "Establishing CSD links, providing, maintaining or operating securities accounts in relation to the settlement service, collateral management, other ancillary services"),
    ("x245", "Settlement matching, instruction routing, trade confirmation, trade verification"),
    ("x246", "Services related to shareholders' registers"),
    ("x247", "Supporting the processing of corporate actions, including tax, general meetings and information services"),
    ("x248", "New issue services, including allocation and management of ISIN codes and similar codes"),
    ("x249", "Instruction routing and processing, fee collection and processing and related reporting"),
    ("x250", "Providing regulatory reporting"),
    ("x251", "Providing information, data and statistics to market/census bureaus or other governmental or inter-governmental entities"),
    ("x253", "Providing cash accounts to, and accepting deposits from, participants in a securities settlement system and holders of securities accounts"),
    ("x254", "Providing cash credit for reimbursement no later than the following business day, cash lending to pre-finance corporate actions and lending securities to holders of securities accounts"),
    ("x255", "Payment services involving processing of cash and foreign exchange transactions"),
    ("x256", "Treasury activities involving foreign exchange and transferable securities related to managing participants' long balances"),
    ("x257", "Any other NCA-permitted non-banking-type ancillary services not specified in the Annex of Regulation (EU) No 909/2014 (CSDR), Section B"),
    ("x258", "Any other NCA-permitted banking-type ancillary services not specified in the Annex of Regulation (EU) No 909/2014 (CSDR), Section C"),
    ("x260", "Risk management"),
    ("x261", "Legal and fund management accounting services"),
    ("x262", "Customer inquiries"),
    ("x263", "Valuation and pricing, including tax returns"),
    ("x264", "Regulatory compliance monitoring"),
    ("x265", "Maintenance of unit-/shareholder register"),
    ("x266", "Unit/shares issues and redemptions"),
    ("x267", "Maintenance of unit-holder register"),
    ("x268", "Unit issues and redemptions"),
    ("x269", "Contract settlements (including certificate dispatch)"),
    ("x270", "Distribution of income"),
    ("x271", "Record keeping"),
    ("x272", "Marketing"),
    ("x273", "Services necessary to meet the fiduciary duties of the AIFM"),
    ("x274", "Investment advice concerning one or more of the instruments listed in Annex I, Section C to Directive 2004/39/EC"),
    ("x275", "Ancillary services"),
    ("qx277", "Non-life reinsurance activities"),
    ("qx278", "Life reinsurance activities"),
]


def iso(name, key):
    with open(os.path.join(ISO, name + ".json"), encoding="utf-8") as f:
        return json.load(f)[key]


def main(out):
    lists = {}
    for name, (source, rows) in ANNEX.items():
        lists[name] = {"source": source,
                       "codes": [{"key": k, "eba": m, "da": da, "en": en} for k, m, da, en in rows]}
    lists["licensed_activity"] = {
        "source": "B_06.01.0020 (licensed activity; Annex IV); EBA domain TA, the member without its prefix as key",
        "codes": [{"key": k, "eba": "eba_TA:" + k, "da": da, "en": en}
                  for k, da, en in LICENSED + [(k, en, en) for k, en in LICENSED_EN]]}
    da3166 = gettext.translation("iso_3166-1", languages=["da"], fallback=True)
    countries = sorted(iso("iso_3166-1", "3166-1"), key=lambda c: c["alpha_2"])
    lists["country"] = {
        "source": "ISO 3166-1 alpha-2 (Debian iso-codes); EBA domain GA",
        "codes": [{"key": c["alpha_2"], "eba": "eba_GA:" + c["alpha_2"], "da": da3166.gettext(c["name"]),
                   "en": c["name"]} for c in countries]}
    da4217 = gettext.translation("iso_4217", languages=["da"], fallback=True)
    currencies = sorted(iso("iso_4217", "4217"), key=lambda c: c["alpha_3"])
    lists["currency"] = {
        "source": "ISO 4217 (Debian iso-codes); EBA domain CU",
        "codes": [{"key": c["alpha_3"], "eba": "eba_CU:" + c["alpha_3"], "da": da4217.gettext(c["name"]),
                   "en": c["name"]} for c in currencies]}
    doc = {"about": "Closed lists of the DORA Register of Information (Implementing Regulation (EU) 2024/2956 "
                    "Annexes I-IV; EBA DPM 4.0 code lists). Generated by tools/roi-codes.py; do not edit by hand.",
           "not_applicable_country": "eba_GA:qx2007",
           "lists": lists}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "formats/eba-roi/codes.json")
