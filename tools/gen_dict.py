#!/usr/bin/env python3
"""gen_dict.py: build data/actors.tsv, data/vendors.tsv and data/products.tsv (format:
data/README.md) from ../shared/intel (MITRE ATT&CK, MISP galaxy, CISA KEV) plus the curated
facts below (names, aliases, countries, vendors; no descriptions).

usage: tools/gen_dict.py [INTEL_DIR [DATA_DIR]]   (defaults: ../shared/intel, data)
"""
import glob, json, os, re, sys

INTEL = sys.argv[1] if len(sys.argv) > 1 else '../shared/intel'
OUT = sys.argv[2] if len(sys.argv) > 2 else 'data'


def norm(s):
    """dict_norm: lowercase; hyphens, underscores and whitespace folded to one space."""
    return re.sub(r'[\s\-_\u00a0\u2010\u2011]+', ' ', s.lower()).strip()


def key(s):
    """The cpe-like key of a KEV vendor or product string (same as import.c)."""
    return re.sub(r'[^a-z0-9]+', '_', s.lower()).strip('_')


# Ordinary words: an alias equal to one of them gets the '?' flag (needs support), unless it
# is written in capitals (ZINC, MERCURY), which makes it case-sensitive ('=') instead.
COMMON = set('''equation silence inception machete mantis reaper tick snake krypton cicada strider
patchwork confucius thrip windigo chimera mirage armageddon play elfin cobalt rancor swallowtail
waterbug newscaster mercury phosphorus zinc platinum copper gallium iridium radium bismuth bromine
potassium silicon chromium manganese europium rubidium gadolinium lazarus ember exchange office
teams windows edge outlook orion chrome access word excel defender azure safari reader acrobat
flash java confluence bamboo crowd pulse connect horizon fusion workstation spring struts tomcat
spark solr airflow flink kibana salt sense project publisher auditor helpdesk compact viewer
director tools desktop frontend core firewall sentry ignition unified expedition pixel authy
progress nice quest arm elastic checkbox rails plex samba cleo zoom
signal telegram slack discord lync skype bard gemini copilot play photos maps drive
snake reaper cloud atlas mustang gorgon poseidon sidewinder rattlesnake leviathan tortoise
polonium bitter medusa royal hive cuba snatch maze lorenz everest trigona cactus akira conti
vice avaddon monsoon pioneer polaris moonlight callisto chameleon hippo bottle superman popeye
scimitar tailgater foxtrot dragonfly cleaver lurid whitefly fog embargo interlock kraken meow nitrogen
termite gentlemen phobos predator pegasus triton sliver bumblebee bash cacti karma auriga nian
quarian luder superset spark salt sentry ignition expedition'''.split()) - {'conti', 'akira'}

# Names that are ordinary words only in lowercase: case-sensitive ('='), no support needed.
CASEWORDS = set('''intel apple oracle git sudo arm elastic nice meta ledger wiz talos versa'''.split())

# Synonyms from MISP that are other things (products, companies, nicknames): never aliases.
STOP = set('''alibaba foxmail timmy'''.split())

# Rare element names Microsoft used for groups: case-sensitive as "HAFNIUM" and "Hafnium".
ELEMENTS = set('''hafnium nobelium strontium yttrium holmium thallium neodymium promethium curium
actinium tantalum seaborgium copernicium americium dubnium plutonium zirconium chimborazo
europium'''.split())

# Extra names per ATT&CK group (G-number -> aliases); '?' marks a common word.
EXTRA_ACTOR_ALIASES = {
    'G0032': ['?Lazarus', 'Lazarus APT', 'Hidden Cobra'],
    'G0016': ['Nobelium', 'Cozy Duke', 'CozyCar'],
    'G0007': ['APT 28', 'Fancy Bears', 'Strontium Group'],
    'G0034': ['Sandworm', 'Voodoo Bear', 'Unit 74455'],
    'G0125': ['=Hafnium'],
    'G0020': ['Equation Group'],
    'G0040': ['Patchwork APT', 'Dropping Elephant'],
    'G1003': ['?Ember', 'Ember Bear', 'Cadet Blizzard'],
    'G0010': ['Snake APT', 'Venomous Bear', 'Uroburos'],
    'G0094': ['Thallium', 'APT 43'],
    'G0046': ['Carbanak Group'],
    'G0102': ['Ryuk gang', 'Trickbot gang'],
    'G0092': ['Clop gang'],
    'G0119': ['Evil Corp', 'EvilCorp'],
    'G1015': ['0ktapus', 'Muddled Libra', 'Scatter Swine'],
    'G0115': ['REvil', 'Sodinokibi', 'REvil gang'],
    'G1024': ['Akira ransomware', 'Akira gang'],
    'G1040': ['Play ransomware', 'PlayCrypt', 'Balloonfly'],
    'G1045': ['GhostEmperor', 'FamousSparrow', 'Earth Estries', 'UNC2286'],
    'G1017': ['Volt Typhoon'],
    'G0096': ['Double Dragon', 'Wicked Spider'],
    'G0050': ['Ocean Lotus'],
    'G1051': ['Medusa ransomware', 'Medusa gang', 'Spearwing'],
    'G1004': ['Lapsus$', 'Lapsus', 'LAPSUS$ group'],
}

# Ransomware, extortion and other crews (name, aliases, country) beside ATT&CK's groups.
# Where a name is an ATT&CK alias the crew is that group.
CREWS = [
    ('LockBit', 'LockBit 3.0|LockBit Black|LockBit 2.0|LockBit ransomware|LockBitSupp', 'RU'),
    ('Cl0p', 'Clop|Cl0p ransomware|Clop ransomware|Cl0p gang', '-'),
    ('ALPHV', 'BlackCat|ALPHV/BlackCat|ALPHV-BlackCat|Noberus|BlackCat ransomware', '-'),
    ('Black Basta', 'BlackBasta|Black Basta ransomware', '-'),
    ('Conti', 'Conti gang|Conti group|Conti ransomware|Conti Team|Grupo Conti', 'RU'),
    ('Royal', '?Royal|Royal ransomware|Royal gang', '-'),
    ('BlackSuit', 'Black Suit|BlackSuit ransomware', '-'),
    ('Rhysida', 'Rhysida ransomware|Rhysida gang', '-'),
    ('BianLian', 'BianLian ransomware|BianLian group', '-'),
    ('8Base', '8Base ransomware|8Base group', '-'),
    ('Hive', '?Hive|Hive ransomware|Hive gang', '-'),
    ('Ragnar Locker', 'RagnarLocker|Ragnar Locker ransomware', '-'),
    ('DarkSide', 'Darkside ransomware|DarkSide gang', 'RU'),
    ('BlackMatter', 'BlackMatter ransomware', 'RU'),
    ('Babuk', 'Babuk Locker|Babuk ransomware', '-'),
    ('Vice Society', 'Vice Society ransomware|Vanilla Tempest|DEV-0832', '-'),
    ('Karakurt', 'Karakurt Team|Karakurt Lair', '-'),
    ('Hunters International', 'Hunters International ransomware', '-'),
    ('RansomHub', 'RansomHub ransomware|Ransom Hub', '-'),
    ('Qilin', 'Agenda ransomware|Qilin ransomware|Qilin gang', '-'),
    ('Cuba', '?Cuba|Cuba ransomware|Cuba gang|Tropical Scorpius', '-'),
    ('Snatch', '?Snatch|Snatch ransomware|Snatch gang', '-'),
    ('Maze', '?Maze|Maze ransomware|Maze gang|ChaCha ransomware', '-'),
    ('Egregor', 'Egregor ransomware', '-'),
    ('NetWalker', 'Netwalker ransomware|Mailto ransomware', '-'),
    ('Avaddon', '?Avaddon|Avaddon ransomware', '-'),
    ('Yanluowang', 'Yanluowang ransomware', '-'),
    ('Trigona', '?Trigona|Trigona ransomware', '-'),
    ('Cactus', '?Cactus|Cactus ransomware', '-'),
    ('Money Message', 'Money Message ransomware', '-'),
    ('NoEscape', 'NoEscape ransomware', '-'),
    ('Lorenz', '?Lorenz|Lorenz ransomware', '-'),
    ('Mallox', 'Mallox ransomware|TargetCompany ransomware', '-'),
    ('Everest', '?Everest|Everest ransomware|Everest gang', '-'),
    ('ShinyHunters', 'Shiny Hunters', '-'),
    ('Daixin Team', 'Daixin|Daixin ransomware', '-'),
    ('Killnet', 'KillNet', 'RU'),
    ('NoName057(16)', 'NoName057|NoName 057(16)|NoName05716', 'RU'),
    ('Anonymous Sudan', 'Storm-1359', '-'),
    ('CyberAv3ngers', 'Cyber Av3ngers|CyberAveng3rs|Storm-0784', 'IR'),
    ('Ransomed.vc', 'RansomedVC', '-'),
    ('Avos Locker', 'AvosLocker', '-'),
    ('Nefilim', 'Nefilim ransomware', '-'),
    ('DoppelPaymer', 'DoppelPaymer ransomware|Doppel Spider', '-'),
    ('Ryuk', 'Ryuk ransomware', '-'),
    ('Phobos', 'Phobos ransomware', '-'),
    ('Medusa Locker', 'MedusaLocker', '-'),
    ('Storm-0558', 'Storm 0558', 'CN'),
    ('UNC5221', 'UNC 5221', 'CN'),
    ('Storm-0978', 'RomCom|Tropical Scorpius RomCom|Void Rabisu', 'RU'),
    ('Dark Angels', 'Dark Angels ransomware|Dunghill Leak', '-'),
    ('Lapsus$ successor Scattered LAPSUS$ Hunters', '', '-'),
    ('Charming Kitten', 'Charming Kitten', 'IR'),
    ('Gootloader operators', '', '-'),
    ('Black Kingdom', 'Black Kingdom ransomware', '-'),
    ('Embargo', 'Embargo ransomware', '-'),
    ('Interlock', 'Interlock ransomware', '-'),
    ('Fog', 'Fog ransomware', '-'),
    ('SafePay', 'SafePay ransomware', '-'),
    ('Termite', 'Termite ransomware', '-'),
    ('Crypto24', 'Crypto24 ransomware', '-'),
    ('DragonForce', 'DragonForce ransomware', '-'),
    ('Brain Cipher', 'BrainCipher', '-'),
    ('Meow', 'Meow ransomware', '-'),
    ('Nitrogen', 'Nitrogen ransomware', '-'),
    ('Kraken', 'Kraken ransomware', '-'),
    ('Gentlemen', 'The Gentlemen ransomware', '-'),
    ('Rhadamanthys operators', '', '-'),
    ('IntelBroker', 'Intel Broker', '-'),
    ('USDoD', 'USDoD hacker', '-'),
    ('Scattered LAPSUS$ Hunters', 'SLSH', '-'),
    ('Handala', 'Handala Hack Team', 'IR'),
    ('Predatory Sparrow', 'Gonjeshke Darande', '-'),
    ('IT Army of Ukraine', '', 'UA'),
    ('Guacamaya', '', '-'),
    ('SiegedSec', '', '-'),
    ('GhostSec', '', '-'),
]
# Drop the placeholder-like entries that carry no real name of a crew.
CREWS = [c for c in CREWS if not c[0].endswith('operators') and 'successor' not in c[0]]

# Vendors: KEV spellings that need cleanup -> canonical names (None: KEV-only project kept as is)
VENDOR_FIX = {
    'D-Link and TRENDnet': ['D-Link', 'TRENDnet'], 'Hewlett Packard (HP)': ['HP'],
    'DotNetNuke (DNN)': ['DNN'], 'QNAP Systems': ['QNAP'], 'PHP Group': ['PHP'],
    'Meta Platforms': ['Meta'], 'Npm package': ['npm'], 'Treck TCP/IP stack': ['Treck'],
    'Array Networks ': ['Array Networks'], 'SimpleHelp ': ['SimpleHelp'], 'Android': ['Google'],
    'Code Aurora': ['Code Aurora Forum'], 'Progress': ['Progress Software'],
    'Nice': ['NICE'], 'Quest': ['Quest Software'], 'Elastic': ['Elastic'], 'Arm': ['Arm'],
    'Rails': ['Ruby on Rails'], 'JQuery': ['jQuery'], 'Juniper': ['Juniper Networks'],
    'Pulse Secure': ['Ivanti'], 'Joomla!': ['Joomla'], 'GitLab': ['GitLab'],
}
# Vendor aliases and extra vendors (canonical -> aliases)
VENDOR_ALIASES = {
    'Microsoft': 'Microsoft Corp|Microsoft Corporation|MSFT|MSRC',
    'Google': 'Alphabet|Google LLC|Google Cloud',
    'Apple': '=Apple|Apple Inc',
    'Oracle': '=Oracle|Oracle Corp|Oracle Corporation',
    'Meta': '=Meta|Meta Platforms|Facebook parent Meta',
    'Cisco': 'Cisco Systems|Cisco Talos',
    'Fortinet': 'FortiGuard|FortiGuard Labs',
    'Palo Alto Networks': 'Palo Alto|Unit 42|PANW',
    'Ivanti': 'Ivanti Inc',
    'Citrix': 'Citrix Systems|Cloud Software Group',
    'VMware': 'VMware by Broadcom',
    'SolarWinds': 'Solarwinds|SolarWinds Corp',
    'HP': 'Hewlett Packard|Hewlett-Packard|HP Inc',
    'D-Link': 'DLink|D Link',
    'QNAP': 'QNAP Systems',
    'Progress Software': '?Progress|Progress Software Corp',
    'Quest Software': 'Quest KACE',
    'NICE': '=NICE|NICE Ltd',
    'Arm': '=Arm|Arm Holdings|ARM Ltd',
    'Elastic': '=Elastic|Elastic NV',
    'Ruby on Rails': 'Rails|RoR',
    'Git': '=Git',
    'Sudo': '=Sudo',
    'Checkbox': '?Checkbox',
    'Cleo': '?Cleo|Cleo Communications',
    'Plex': '?Plex',
    'Samba': '?Samba',
    'Zoho': 'Zoho Corp|ManageEngine',
    'Trend Micro': 'TrendMicro',
    'Check Point': 'Check Point Software|CheckPoint|Check Point Research',
    'Hikvision': 'Hangzhou Hikvision',
    'Samsung': 'Samsung Electronics',
    'Broadcom': 'Broadcom Inc',
    'Red Hat': 'RedHat',
    'Atlassian': 'Atlassian Corp',
    'ConnectWise': 'Connectwise',
    'Kaseya': 'Kaseya Ltd',
    'Barracuda Networks': 'Barracuda',
    'Juniper Networks': 'Juniper',
    'Mozilla': 'Mozilla Foundation|Mozilla Corporation',
    'Adobe': 'Adobe Inc|Adobe Systems',
    'Linux': 'Linux Foundation|Linux kernel project',
    'Apache': 'Apache Software Foundation|ASF',
    'WordPress': 'WordPress.org',
    'Zyxel': 'ZyXEL Communications',
    'SonicWall': 'Sonicwall',
    'WatchGuard': 'WatchGuard Technologies',
    'Sophos': 'Sophos Ltd',
    'Veeam': 'Veeam Software',
    'F5': 'F5 Networks|F5 Inc',
    'Fortra': 'HelpSystems',
    'Joomla': 'Joomla!',
    'npm': 'Npm package|npm registry',
    'jQuery': 'JQuery',
    'Code Aurora Forum': 'Code Aurora|CodeAurora',
    'TP-Link': 'TP Link|TPLink',
    'Ubiquiti': 'Ubiquiti Networks',
    'MikroTik': 'Mikrotik',
    'NETGEAR': 'Netgear',
    'Synacor': 'Zimbra',
}
EXTRA_VENDORS = '''Amazon|AWS|Amazon Web Services|Amazon.com
Mojang|Mojang Studios
ESET|ESET Research
Reddit|Reddit Inc
Kaspersky|Kaspersky Lab|Kaspersky Labs
CrowdStrike|Crowdstrike
Mandiant|FireEye
Recorded Future|Insikt Group
Proofpoint
SentinelOne|SentinelLabs
Symantec|Broadcom Symantec
Secureworks|SecureWorks
Okta|Okta Inc
Cloudflare
Akamai|Akamai Technologies
Dropbox
Salesforce
Snowflake
MOVEit vendor Progress
IIJ|Internet Initiative Japan
NICT
OpenAI
Anthropic
Nvidia|NVIDIA
AMD|Advanced Micro Devices
Huawei
ZTE
Xiaomi
Lenovo
Twitter|X Corp
TikTok|ByteDance
Telegram Messenger
Signal Foundation
Zoom Video Communications|Zoom Video|Zoom Inc
Slack Technologies
Discord Inc
GitHub|GitHub Inc
Rapid7
Tenable
Qualys
Bitdefender
Malwarebytes
Trellix
Avast
Group-IB
Positive Technologies
Volexity
Huntress
Arctic Wolf
Darktrace
Sucuri
Wiz
Chainalysis
Ledger
Binance
Coinbase
Uber
Medibank
Optus
MGM Resorts
Caesars Entertainment
Change Healthcare
UnitedHealth|UnitedHealth Group
Colonial Pipeline
JBS
Rheinmetall
Massy|Massy Group
Aeropost
MoneyGram|Moneygram
Netwave|NETWAVE Networks|NETWAVE Networks, Inc.
GBM
Intel 471
Sekoia
Cyble'''

# Curated products: canonical, vendor, aliases (the names people write).
PRODUCTS = [
    ('Microsoft Exchange Server', 'Microsoft', 'Exchange Server|MS Exchange|Microsoft Exchange|Exchange Online|Exchange servers|?Exchange|Exchange Server 2019|Exchange Server 2016|Exchange Server 2013|ProxyLogon|ProxyShell'),
    ('Microsoft Windows', 'Microsoft', '?Windows|Windows 10|Windows 11|Windows 7|Windows Server|MS Windows|Microsoft Windows Server|Windows OS'),
    ('Microsoft Office', 'Microsoft', '?Office|MS Office|Office 365|Microsoft 365|M365|O365'),
    ('Microsoft Outlook', 'Microsoft', '?Outlook|MS Outlook|Outlook.com|Office Outlook'),
    ('Microsoft Teams', 'Microsoft', '?Teams|MS Teams'),
    ('Microsoft Edge', 'Microsoft', '?Edge|MS Edge|Edge browser'),
    ('Microsoft Azure', 'Microsoft', '?Azure|Azure AD|Azure Active Directory|Entra ID|Microsoft Entra ID|MS Azure'),
    ('Microsoft SharePoint', 'Microsoft', 'SharePoint|SharePoint Server|SharePoint Online|Microsoft SharePoint Server'),
    ('Microsoft Active Directory', 'Microsoft', 'Active Directory'),
    ('Microsoft Defender', 'Microsoft', '?Defender|Windows Defender|Defender for Endpoint|Microsoft Defender for Endpoint'),
    ('Microsoft Word', 'Microsoft', '?Word|MS Word'),
    ('Microsoft Excel', 'Microsoft', '?Excel|MS Excel'),
    ('Microsoft Internet Explorer', 'Microsoft', 'Internet Explorer|IE11'),
    ('Microsoft SQL Server', 'Microsoft', 'SQL Server|MSSQL|MS SQL'),
    ('Microsoft IIS', 'Microsoft', 'Internet Information Services|IIS'),
    ('Microsoft Copilot', 'Microsoft', '?Copilot|GitHub Copilot'),
    ('SolarWinds Orion', 'SolarWinds', '?Orion|Orion Platform|SolarWinds Orion Platform|Orion software|SUNBURST'),
    ('SolarWinds Serv-U', 'SolarWinds', 'Serv-U'),
    ('Google Chrome', 'Google', '?Chrome|Chrome browser|Chromium'),
    ('Android', 'Google', 'Android OS|Android Kernel|Android Framework'),
    ('Google Play', 'Google', 'Google Play Store|Play Store'),
    ('Google Bard', 'Google', '?Bard|Bard AI'),
    ('Google Gemini', 'Google', '?Gemini|Gemini AI'),
    ('Gmail', 'Google', 'Google Mail'),
    ('Apple iOS', 'Apple', '=iOS|iPadOS'),
    ('Apple macOS', 'Apple', 'macOS|Mac OS X|OS X'),
    ('Apple Safari', 'Apple', '?Safari'),
    ('WebKit', 'Apple', 'Apple WebKit'),
    ('iPhone', 'Apple', 'iPhones'),
    ('Mozilla Firefox', 'Mozilla', 'Firefox|Firefox ESR'),
    ('Firefox for iOS', 'Mozilla', 'Firefox iOS'),
    ('Mozilla Thunderbird', 'Mozilla', 'Thunderbird'),
    ('Facebook', 'Meta', 'Facebook Pages|Facebook Business'),
    ('Instagram', 'Meta', ''),
    ('WhatsApp', 'Meta', 'Whatsapp'),
    ('Meta Verified', 'Meta', ''),
    ('ChatGPT', 'OpenAI', 'Chat GPT'),
    ('Minecraft', 'Mojang', 'Minecraft Java Edition'),
    ('Amazon Web Services', 'Amazon', 'AWS S3|Amazon S3|Amazon EC2'),
    ('Fortinet FortiOS', 'Fortinet', 'FortiOS|FortiGate|FortiGate firewalls|FortiOS SSL-VPN'),
    ('Fortinet FortiManager', 'Fortinet', 'FortiManager'),
    ('Fortinet FortiWeb', 'Fortinet', 'FortiWeb'),
    ('Fortinet FortiClient EMS', 'Fortinet', 'FortiClient EMS|FortiClient'),
    ('Palo Alto Networks PAN-OS', 'Palo Alto Networks', 'PAN-OS|GlobalProtect|Palo Alto GlobalProtect'),
    ('Ivanti Connect Secure', 'Ivanti', 'Connect Secure|Pulse Connect Secure|Ivanti Pulse Connect Secure|ICS VPN'),
    ('Ivanti Endpoint Manager Mobile', 'Ivanti', 'EPMM|MobileIron Core|Ivanti EPMM'),
    ('Citrix NetScaler ADC', 'Citrix', 'NetScaler|NetScaler ADC|NetScaler Gateway|Citrix ADC|Citrix Gateway|Citrix Bleed|CitrixBleed'),
    ('Progress MOVEit Transfer', 'Progress Software', 'MOVEit|MOVEit Transfer|MOVEit Cloud'),
    ('Fortra GoAnywhere MFT', 'Fortra', 'GoAnywhere|GoAnywhere MFT'),
    ('Cobalt Strike', 'Fortra', 'CobaltStrike|Cobalt Strike beacon'),
    ('Atlassian Confluence', 'Atlassian', '?Confluence|Confluence Server|Confluence Data Center'),
    ('Atlassian Jira', 'Atlassian', 'Jira|Jira Server'),
    ('Apache Log4j', 'Apache', 'Log4j|Log4j2|Log4Shell|log4j-core'),
    ('Apache Struts', 'Apache', '?Struts|Struts 2|Struts2'),
    ('Apache Tomcat', 'Apache', '?Tomcat'),
    ('Apache HTTP Server', 'Apache', 'httpd|Apache httpd|Apache web server'),
    ('Apache ActiveMQ', 'Apache', 'ActiveMQ'),
    ('Apache OFBiz', 'Apache', 'OFBiz'),
    ('VMware ESXi', 'VMware', 'ESXi|VMware ESX'),
    ('VMware vCenter Server', 'VMware', 'vCenter|vCenter Server'),
    ('VMware Horizon', 'VMware', 'VMware Horizon View'),
    ('Cisco IOS XE', 'Cisco', 'IOS XE|Cisco IOS XE Software'),
    ('Cisco IOS', 'Cisco', 'Cisco IOS Software'),
    ('Cisco Adaptive Security Appliance', 'Cisco', 'Cisco ASA|ASA firewalls|Adaptive Security Appliance'),
    ('Cisco Firepower Threat Defense', 'Cisco', 'Cisco FTD|Firepower Threat Defense|Firepower'),
    ('Cisco AnyConnect', 'Cisco', 'AnyConnect|Cisco Secure Client'),
    ('Cisco Webex', 'Cisco', 'Webex|WebEx'),
    ('F5 BIG-IP', 'F5', 'BIG-IP|BIGIP|BIG-IP LTM'),
    ('Zoom', 'Zoom Video Communications', 'Zoom client|Zoom app|Zoom meetings'),
    ('Slack', 'Slack Technologies', 'Slack app'),
    ('Telegram', 'Telegram Messenger', 'Telegram app|Telegram channel|Telegram channels'),
    ('Signal', 'Signal Foundation', 'Signal app|Signal messenger'),
    ('Discord', 'Discord Inc', 'Discord server'),
    ('GitHub Actions', 'GitHub', ''),
    ('Okta Identity Cloud', 'Okta', 'Okta SSO|Okta Workforce Identity'),
    ('Snowflake Data Cloud', 'Snowflake', ''),
    ('WinRAR', 'RARLAB', 'Win RAR'),
    ('7-Zip', '7-Zip', '7zip'),
    ('OpenSSL', 'OpenSSL', ''),
    ('OpenSSH', 'OpenBSD', 'OpenSSH server'),
    ('XZ Utils', 'Tukaani', 'xz-utils|liblzma'),
    ('Masscan', '-', ''),
    ('ZMap', '-', ''),
    ('Nmap', '-', ''),
    ('FRIDA', '-', '=Frida'),
    ('jadx', '-', ''),
    ('dex2jar', '-', ''),
    ('Metasploit', 'Rapid7', 'Metasploit Framework'),
    ('radare2', '-', ''),
    ('jd-gui', '-', 'JD-GUI'),
    ('Mimikatz', '-', ''),
    ('PowerShell', 'Microsoft', 'Windows PowerShell'),
    ('Remote Desktop Protocol', 'Microsoft', 'RDP|Remote Desktop'),
    ('AnyDesk', 'AnyDesk Software', ''),
    ('TeamViewer', 'TeamViewer', ''),
    ('ScreenConnect', 'ConnectWise', 'ConnectWise ScreenConnect'),
    ('Kaseya VSA', 'Kaseya', 'VSA server'),
    ('Veeam Backup & Replication', 'Veeam', 'Veeam Backup and Replication|Veeam Backup'),
    ('Zimbra Collaboration', 'Synacor', 'Zimbra|Zimbra Collaboration Suite|ZCS'),
    ('Roundcube Webmail', 'Roundcube', 'Roundcube'),
    ('Jenkins', 'Jenkins', ''),
    ('GitLab', 'GitLab', 'GitLab CE|GitLab EE'),
    ('WordPress', 'WordPress', ''),
    ('Drupal', 'Drupal', 'Drupal core'),
    ('Joomla', 'Joomla', 'Joomla!'),
    ('Linux kernel', 'Linux', 'Linux Kernel'),
    ('Bash', 'GNU', 'Bourne-Again Shell|Shellshock'),
    ('glibc', 'GNU', 'GNU C Library'),
    ('QNAP QTS', 'QNAP', 'QTS|QuTS hero'),
    ('SonicWall SMA', 'SonicWall', 'SMA 100|SMA100|SonicWall SMA 100|SMA 100 Appliances|SMA 100 series'),
    ('SonicOS', 'SonicWall', ''),
    ('Zyxel firewalls', 'Zyxel', 'Zyxel ATP'),
    ('Barracuda Email Security Gateway', 'Barracuda Networks', 'Barracuda ESG|ESG appliances'),
    ('Sophos Firewall', 'Sophos', 'Sophos XG|XG Firewall|Sophos SFOS'),
    ('Check Point Quantum Security Gateway', 'Check Point', 'Quantum Security Gateway|Check Point VPN'),
    ('Juniper Junos OS', 'Juniper Networks', 'Junos|Junos OS'),
    ('Oracle WebLogic Server', 'Oracle', 'WebLogic|WebLogic Server'),
    ('Oracle E-Business Suite', 'Oracle', 'E-Business Suite|Oracle EBS'),
    ('Java', 'Oracle', '?Java|Java SE|Oracle Java|JRE'),
    ('Adobe Acrobat Reader', 'Adobe', 'Acrobat Reader|Adobe Reader|Adobe Acrobat|?Acrobat'),
    ('Adobe Flash Player', 'Adobe', 'Flash Player|Adobe Flash'),
    ('Adobe ColdFusion', 'Adobe', 'ColdFusion'),
    ('Adobe Commerce', 'Adobe', 'Magento|Magento Open Source'),
    ('Samsung Galaxy', 'Samsung', 'Galaxy phones'),
    ('Visual Studio', 'Microsoft', 'VS Code|Visual Studio Code'),
    ('Hyper-V', 'Microsoft', 'Microsoft Hyper-V'),
    ('Microsoft Win32k', 'Microsoft', 'Win32k'),
    ('Microsoft MSHTML', 'Microsoft', 'MSHTML'),
    ('Microsoft Netlogon', 'Microsoft', 'Netlogon|Zerologon'),
    ('Microsoft Print Spooler', 'Microsoft', 'Print Spooler|PrintNightmare'),
    ('Microsoft SMB', 'Microsoft', 'SMBv1|SMBv3|EternalBlue'),
    ('DuckTail', '-', 'Ducktail'),
    ('Android/Filecoder.C', '-', 'Filecoder.C'),
    ('Agent Smith', '-', 'Agent Smith malware'),
    ('Monokle', '-', 'Monokle malware'),
    ('Emotet', '-', 'Heodo'),
    ('TrickBot', '-', 'Trickbot|TrickLoader'),
    ('QakBot', '-', 'Qakbot|QBot|Pinkslipbot'),
    ('IcedID', '-', 'BokBot'),
    ('BlackEnergy', '-', 'Black Energy'),
    ('NotPetya', '-', 'Not Petya|ExPetr'),
    ('WannaCry', '-', 'WannaCrypt|Wanna Cry|WanaCrypt0r'),
    ('Stuxnet', '-', ''),
    ('PlugX', '-', 'Korplug'),
    ('ShadowPad', '-', ''),
    ('China Chopper', '-', ''),
    ('Sliver', '-', 'Sliver C2'),
    ('Brute Ratel', '-', 'Brute Ratel C4'),
    ('LummaC2', '-', 'Lumma Stealer|LummaStealer|Lumma'),
    ('RedLine Stealer', '-', 'RedLine|Redline Stealer'),
    ('Raccoon Stealer', '-', 'Raccoon Infostealer'),
    ('Vidar', '-', 'Vidar Stealer'),
    ('AgentTesla', '-', 'Agent Tesla'),
    ('Remcos', '-', 'Remcos RAT'),
    ('AsyncRAT', '-', ''),
    ('njRAT', '-', 'Bladabindi'),
    ('Pegasus', 'NSO Group', 'Pegasus spyware'),
    ('Predator', 'Intellexa', 'Predator spyware'),
    ('X-Agent', '-', 'XAgent|CHOPSTICK'),
    ('SUNBURST', '-', 'Solorigate'),
    ('Industroyer', '-', 'CrashOverride|Industroyer2'),
    ('Triton', '-', 'TRISIS|HatMan'),
    ('GootLoader', '-', 'Gootloader'),
    ('SocGholish', '-', 'FakeUpdates'),
    ('Bumblebee', '-', 'Bumblebee loader'),
    ('Pikabot', '-', ''),
    ('DarkGate', '-', ''),
    ('Latrodectus', '-', ''),
    ('SystemBC', '-', ''),
    ('Dridex', '-', 'Bugat|Cridex'),
    ('Ursnif', '-', 'Gozi|ISFB'),
    ('Mirai', '-', 'Mirai botnet'),
    ('Moobot', '-', ''),
    ('VPNFilter', '-', ''),
    ('Cyclops Blink', '-', ''),
    ('LockBit ransomware', '-', 'LockBit 3.0 ransomware|LockBit Black ransomware'),
]
GENERIC = set('''kernel framework routers controllers core desktop tools director firewall frontend
sdk sense salt project publisher auditor helpdesk compact viewer xp pixel apache multiple products
devices webmail windows unified php ios'''.split())


def load_json(p):
    with open(p, encoding='utf-8') as f:
        return json.load(f)


def flagged(alias, kind='actor'):
    """Alias with its flags for the data file."""
    if alias[:1] in '=?':
        return alias
    n = norm(alias)
    if kind == 'actor' and re.fullmatch(r'[A-Z]{2,}', alias) and n not in COMMON:
        return '=' + alias  # a code name in capitals ("PHANTOM", "HORDE"): only as written
    if n in COMMON:
        return ('=' if alias.isupper() and len(alias) > 3 else '?') + alias
    if n in CASEWORDS:
        return '=' + alias
    if n in ELEMENTS:
        return '=' + alias
    return alias


def with_name_flag(canon, al):
    """Add a flagged copy of the canonical name when it is an ordinary word."""
    n = norm(canon)
    if n in COMMON or n in CASEWORDS or n in ELEMENTS:
        f = flagged(canon)
        if f not in al:
            al.insert(0, f)
    return al


def short(s):
    """Too short to be a name on its own ("UPS"): under 4 characters and no digit."""
    return len(s) < 4 and not re.search(r'\d', s)


def simple_words(s):
    """1 if S is only ordinary-looking words ("Web Server", "Superset")."""
    return all(re.fullmatch(r'[A-Z]?[a-z]+', w) for w in s.split())


def bare(a):
    return a.lstrip('=?')


def main():
    # ---- ATT&CK groups
    groups = {}  # gid -> {name, aliases[], country}
    mitre_owner = {}  # norm alias -> set of gids
    for f in sorted(glob.glob(os.path.join(INTEL, 'mitre-attack/*/intrusion-set/*.json'))):
        for o in load_json(f).get('objects', []):
            if o.get('type') != 'intrusion-set' or o.get('revoked') or o.get('x_mitre_deprecated'):
                continue
            gid = next((r['external_id'] for r in o.get('external_references', [])
                        if r.get('source_name', '').startswith('mitre') and r.get('external_id')), None)
            if not gid:
                continue
            g = groups.setdefault(gid, {'name': o['name'], 'aliases': [], 'country': '-'})
            for a in [o['name']] + o.get('aliases', []):
                mitre_owner.setdefault(norm(a), set()).add(gid)
                if a not in g['aliases'] and a != g['name']:
                    g['aliases'].append(a)
    # MISP threat-actor: countries, and synonyms of entries tied to one G-number
    ta = load_json(os.path.join(INTEL, 'misp-galaxy/clusters/threat-actor.json'))['values']
    misp_owner = {}
    tied = []
    for v in ta:
        meta = v.get('meta', {})
        names = [v['value']] + meta.get('synonyms', [])
        gids = {s for s in names if re.fullmatch(r'G\d{4}', s)}
        if not gids:
            gids = set.union(set(), *[mitre_owner.get(norm(v['value']), set())])
        if len(gids) == 1:
            gid = next(iter(gids))
            tied.append((gid, v, names))
            for s in names:
                misp_owner.setdefault(norm(s), set()).add(gid)
    for gid, v, names in tied:
        if gid not in groups:
            continue
        g = groups[gid]
        c = v.get('meta', {}).get('country')
        if c and g['country'] == '-' and re.fullmatch(r'[A-Z]{2}', c):
            g['country'] = c
        for s in names:
            n = norm(s)
            if re.fullmatch(r'G\d{4}', s) or short(s) or s == g['name'] or n in STOP or s == s.lower():
                continue
            if mitre_owner.get(n, {gid}) != {gid} and gid not in mitre_owner.get(n, set()):
                continue
            if misp_owner.get(n, {gid}) != {gid}:
                continue
            if s not in g['aliases']:
                g['aliases'].append(s)
    # Microsoft weather names, joined through related/synonyms
    mitre_set = load_json(os.path.join(INTEL, 'misp-galaxy/clusters/mitre-intrusion-set.json'))['values']
    uuid_gid = {v['uuid']: v.get('meta', {}).get('external_id') for v in mitre_set}
    for v in load_json(os.path.join(INTEL, 'misp-galaxy/clusters/microsoft-activity-group.json'))['values']:
        names = [v['value']] + v.get('meta', {}).get('synonyms', [])
        gids = {uuid_gid[r['dest-uuid']] for r in v.get('related', []) if uuid_gid.get(r['dest-uuid'])}
        if not gids:
            for s in names:
                gids |= mitre_owner.get(norm(s), set())
        if len(gids) != 1:
            continue
        gid = next(iter(gids))
        if gid not in groups:
            continue
        g = groups[gid]
        c = v.get('meta', {}).get('country')
        if c and g['country'] == '-' and re.fullmatch(r'[A-Z]{2}', c):
            g['country'] = c
        for s in names:
            n = norm(s)
            if short(s) or n in STOP or s == s.lower() or mitre_owner.get(n, {gid}) != {gid} and gid not in mitre_owner.get(n, set()):
                continue
            if misp_owner.get(n, {gid}) != {gid} and gid not in misp_owner.get(n, set()):
                continue
            if s not in g['aliases'] and s != g['name']:
                g['aliases'].append(s)
    for gid, extra in EXTRA_ACTOR_ALIASES.items():
        if gid in groups:
            for a in extra:
                if bare(a) not in [bare(x) for x in groups[gid]['aliases']] or a[:1] in '=?':
                    groups[gid]['aliases'].append(a)
    # countries ATT&CK and MISP leave out
    for gid, c in {'G0125': 'CN', 'G0016': 'RU', 'G0007': 'RU', 'G0034': 'RU', 'G0032': 'KP',
                   'G1045': 'CN', 'G1017': 'CN', 'G1015': '-', 'G1003': 'RU', 'G0094': 'KP'}.items():
        if gid in groups and groups[gid]['country'] == '-':
            groups[gid]['country'] = c

    lines = ['# actors.tsv: threat groups. Generated by tools/gen_dict.py; format: data/README.md',
             '# kind\tname\taliases\tcountry\tids\tcontext']
    used = {}
    for gid in sorted(groups, key=lambda x: (x[0], int(x[1:]))):
        g = groups[gid]
        al = with_name_flag(g['name'], [])
        for a in g['aliases']:
            f = flagged(a)
            if f not in al:
                al.append(f)
            n = norm(bare(a))
            if n in ELEMENTS and a.isupper():
                cap = '=' + bare(a).capitalize()
                if cap not in al:
                    al.append(cap)
        if norm(g['name']) in ELEMENTS and g['name'].isupper():
            al.insert(0, '=' + g['name'].capitalize())
        for a in al:
            used.setdefault(norm(bare(a)), gid)
        lines.append('\t'.join(['actor', g['name'], '|'.join(al), g['country'], gid]))
    ncrews = 0
    for name, aliases, country in CREWS:
        al = [flagged(a) for a in aliases.split('|') if a]
        n = norm(name)
        owner = mitre_owner.get(n, set()) | misp_owner.get(n, set())
        if owner:
            continue  # the crew is an ATT&CK group: its names are there already
        al = [a for a in al if norm(bare(a)) not in mitre_owner and norm(bare(a)) not in misp_owner]
        al = with_name_flag(name, al)
        lines.append('\t'.join(['actor', name, '|'.join(al), country, '-']))
        ncrews += 1
    write('actors.tsv', lines)
    print(f'actors: {len(groups)} ATT&CK groups + {ncrews} crews', file=sys.stderr)

    # ---- KEV vendors and products
    kev = load_json(os.path.join(INTEL, 'cisa-kev/known_exploited_vulnerabilities.json'))['vulnerabilities']
    vendors = {}  # canonical -> {ids set, aliases list}
    def vendor(name):
        return vendors.setdefault(name, {'ids': [], 'aliases': []})
    products = {}  # canonical -> {vendor, ids, aliases}
    for v in kev:
        raw = v['vendorProject']
        for canon in VENDOR_FIX.get(raw, [raw.strip()]):
            x = vendor(canon)
            k = 'cpe:' + key(raw)
            if k not in x['ids']:
                x['ids'].append(k)
            if raw.strip() != canon and len(VENDOR_FIX.get(raw, [])) < 2 and raw.strip() not in x['aliases'] \
                    and raw != 'Android':
                x['aliases'].append(raw.strip())
    for canon, al in VENDOR_ALIASES.items():
        for a in al.split('|'):
            if a and a not in vendor(canon)['aliases']:
                vendor(canon)['aliases'].append(a)
    for ln in EXTRA_VENDORS.split('\n'):
        parts = ln.split('|')
        if ' vendor ' in parts[0]:
            continue
        x = vendor(parts[0])
        for a in parts[1:]:
            if a not in x['aliases']:
                x['aliases'].append(a)
    for canon, ven, al in PRODUCTS:
        if ven != '-':
            vendor(ven)
    lines = ['# vendors.tsv: vendors and other organisations. Generated by tools/gen_dict.py; format: data/README.md',
             '# kind\tname\taliases\t-\tids']
    for canon in sorted(vendors, key=str.lower):
        x = vendors[canon]
        al = with_name_flag(canon, [flagged(a) for a in x['aliases']])
        ids = x['ids'] or ['cpe:' + key(canon)]
        lines.append('\t'.join(['vendor', canon, '|'.join(al) or '-', '-', ' '.join(ids)]))
    write('vendors.tsv', lines)
    print(f'vendors: {len(vendors)}', file=sys.stderr)

    # curated products first (their canonical names win), then KEV pairs
    plines = []
    curated_keys = {}
    for canon, ven, al in PRODUCTS:
        als = [flagged(a) for a in al.split('|') if a]
        if norm(canon) in COMMON:
            als.insert(0, '?' + canon)
        products[canon] = {'vendor': ven, 'ids': [], 'aliases': als}
        for a in [canon] + [bare(a) for a in als]:
            curated_keys[(ven, norm(a))] = canon
    kev_names = {}
    for v in kev:
        ven = VENDOR_FIX.get(v['vendorProject'], [v['vendorProject'].strip()])[0]
        kev_names.setdefault(ven, set()).add(norm(v['product'].strip()))
    for v in kev:
        raw_v, raw_p = v['vendorProject'], v['product'].strip()
        if raw_p.lower().startswith('multiple'):
            continue
        ven = VENDOR_FIX.get(raw_v, [raw_v.strip()])[0]
        pid = 'cpe:' + key(raw_v) + ':' + key(raw_p)
        # "iOS and macOS", "NetScaler ADC and NetScaler Gateway": several products, when every
        # part is a product we know of that vendor
        parts = [p for p in re.split(r',? and |, ', raw_p) if p]
        if len(parts) < 2 or not all((ven, norm(p)) in curated_keys or norm(p) in kev_names.get(ven, ())
                                     for p in parts):
            parts = [raw_p]
        for i, part in enumerate(parts):
            # the KEV id goes to the first part only: an id names one entity
            kev_product(products, curated_keys, ven, raw_v, part,
                        pid if i == 0 else 'cpe:' + key(raw_v) + ':' + key(part))
    for canon in sorted(products, key=str.lower):
        x = products[canon]
        al = with_name_flag(canon, [flagged(a) for a in x['aliases']])
        plines.append('\t'.join(['product', canon, '|'.join(al) or '-', x['vendor'],
                                 ' '.join(x['ids']) or '-']))
    write('products.tsv', ['# products.tsv: products and malware families. Generated by tools/gen_dict.py; '
                           'format: data/README.md', '# kind\tname\taliases\tvendor\tids'] + plines)
    print(f'products: {len(products)}', file=sys.stderr)


def kev_product(products, curated_keys, ven, raw_v, raw_p, pid):
    """Add the KEV product RAW_P of vendor VEN (KEV spelling RAW_V) with id PID."""
    m = re.fullmatch(r'(.*?) \(([A-Za-z0-9+\-]{2,})\)', raw_p)
    base = m.group(1) if m else raw_p  # "Cloud Services Appliance (CSA)": the name, then the abbreviation
    if norm(base).startswith(norm(ven)) or norm(base).startswith(norm(raw_v)):
        canon = base  # the name people write: vendor + product, unless it starts with it
    else:
        canon = ven + ' ' + base
    if canon == raw_p and norm(raw_p) in GENERIC:
        return  # "Apache" by Apache: the vendor, not a product
    aliases = []
    n = norm(raw_p)
    if raw_p != canon and n not in GENERIC and len(n) > 2:
        f = flagged(raw_p, 'product')
        if f[0] not in '=?' and simple_words(raw_p):
            # "Web Server", "Command Center": needs the vendor named; "Superset": as written
            f = ('?' if ' ' in raw_p else '=') + raw_p
        aliases.append(f)
    if m:
        aliases += [m.group(1), ven + ' ' + m.group(2), raw_p]
    for cand in [raw_p, canon] + [bare(a) for a in aliases]:
        if (ven, norm(cand)) in curated_keys:
            canon = curated_keys[(ven, norm(cand))]
            break
    x = products.setdefault(canon, {'vendor': ven, 'ids': [], 'aliases': []})
    if pid not in x['ids']:
        x['ids'].append(pid)
    for a in aliases:
        if bare(a) != canon and bare(a) not in [bare(b) for b in x['aliases']]:
            x['aliases'].append(a)


def write(name, lines):
    with open(os.path.join(OUT, name), 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()
