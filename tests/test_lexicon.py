"""Lexical coverage of the event patterns: one sentence per added or corrected pattern family.

Each case runs through the real coder and checks (source country, target country, full CAMEO code),
so a pattern that loses its word, its object or its code fails here. The actors are plain country
names so that dictionary changes elsewhere do not break these cases.
"""

from __future__ import annotations

from datetime import date

import pytest

from dyad import Coder

D = date(2020, 5, 14)


def coded(coder: Coder, text: str) -> set[tuple[str, str, str]]:
    return {(e.source[:3], e.target[:3], e.code) for e in coder.code_text(text, D)}


@pytest.mark.parametrize("text, expected", [
    # "staging" gets the lemma "stag" from the pinned model; it is still a light verb.
    ("Opposition supporters in Egypt were staging a protest against the government.", ("EGY", "EGY", "141")),
    # "retook" keeps its surface form as its lemma.
    ("Syrian troops retook Palmyra from Islamic State on Sunday.", ("SYR", "IMG", "192")),
    # Condolences sent or conveyed are an empathetic comment, whatever the verb.
    ("Germany conveyed its condolences to Turkey on Monday.", ("DEU", "TUR", "018")),
    # Rolling out the red carpet for a visitor is hosting a visit.
    ("Mongolia rolled out the red carpet for the Chinese president on Tuesday.", ("MNG", "CHN", "043")),
    # Pointing the finger at someone is an accusation.
    ("Spain pointed the finger at Morocco on Friday over the migrant crossings.", ("ESP", "MAR", "112")),
    # Taking aim at someone, and branding them something, is criticism.
    ("Iran took aim at Saudi Arabia on Tuesday.", ("IRN", "SAU", "111")),
    ("Ukraine branded Belarus an accomplice on Monday.", ("UKR", "BLR", "111")),
    # Abusing detainees is a physical assault; abusing power is not.
    ("American soldiers abused Iraqi detainees.", ("USA", "IRQ", "182")),
    # A missile slamming into a place is force, not a rebuke ("slammed" alone is criticism).
    ("A Russian missile slammed into a hospital in Kyiv on Monday.", ("RUS", "UKR", "190")),
    # Troops rolling out of a country withdraw from it.
    ("The last American troops rolled out of Iraq on Sunday.", ("USA", "IRQ", "0874")),
    # Opening a border eases an administrative restriction.
    ("Turkey opened its border with Greece on Friday.", ("TUR", "GRC", "081")),
    # "pummel" and "batter" in war news are bombardment, like "pound".
    ("Russia pummelled Ukraine with missiles on Monday.", ("RUS", "UKR", "194")),
    # A seized drone handed back is returned property.
    ("China returned an American drone on Friday.", ("CHN", "USA", "0842")),
    # "figures" released are usually people ("opposition figures"), not statistics.
    ("Nicaragua released 222 jailed opposition figures on Thursday.", ("NIC", "NIC", "0841")),
    # "teargassed" gets the lemma "teargasse".
    ("Police in Kenya teargassed protesters in Nairobi on Tuesday.", ("KEN", "KEN", "175")),
    # A broker mediates between the parties; the truce itself is between them, not with the broker.
    ("Egypt brokered a truce between Israel and Jordan on Wednesday.", ("EGY", "ISR", "045")),
    ("Egypt brokered a truce between Israel and Jordan on Wednesday.", ("ISR", "JOR", "0871")),
    ("Qatar shuttled between Sudan and Chad for a week.", ("QAT", "SDN", "045")),
    # Fighters capturing soldiers take them hostage; capturing a suspect stays an arrest (173).
    ("Lebanese guerrillas captured two Israeli soldiers in a raid.", ("LBN", "ISR", "181")),
    # Forces sweeping into a city occupy it, even with "on Saturday" after the verb.
    ("Turkish troops swept into northern Syria on Saturday.", ("TUR", "SYR", "192")),
    ("Russian troops advanced on Kyiv on Monday.", ("RUS", "UKR", "190")),
    # Phrasal verbs of fighting.
    ("Ukrainian forces fought off a Russian assault near Bakhmut.", ("UKR", "RUS", "190")),
    # Patching up relations improves them.
    ("Turkey and Israel patched up relations on Monday.", ("TUR", "ISR", "050")),
    # A sentence handed down is the legal action of 173; an execution is coercion.
    ("A court in Iran handed down a prison sentence to a French tourist.", ("IRN", "FRA", "173")),
    ("The European Union condemned Iran's execution of a British national.", ("IRN", "GBR", "170")),
    # Upholding a sentence on appeal is legal action too.
    ("A court in Egypt upheld the sentences of five Australian journalists.", ("EGY", "AUS", "173")),
    # Dropping charges is a concession, like dropping a demand or a lawsuit.
    ("Prosecutors in Russia dropped charges against the American journalist.", ("RUS", "USA", "080")),
    # Reaffirmed support is support promised (032); cutting a visit short reduces relations (161).
    ("China reiterated its support for Pakistan on Monday.", ("CHN", "PAK", "032")),
    ("Germany's foreign minister cut short her visit to China on Monday.", ("DEU", "CHN", "161")),
    # Labelling someone is criticism, like branding.
    ("Russia labelled the Czech Republic an unfriendly country.", ("RUS", "CZE", "111")),
    # Disappointment expressed is disapproval.
    ("Japan expressed disappointment with China on Monday.", ("JPN", "CHN", "110")),
    # Closing one's own border with a neighbour reduces relations; sealing off a town is a blockade.
    ("Burundi closed its border with Rwanda on Thursday.", ("BDI", "RWA", "160")),
    ("Israel sealed off the town of Jenin on Monday.", ("ISR", "PSE", "191")),
    # Drones launched at a country are an air attack.
    ("Iran launched drones at Israel on Saturday.", ("IRN", "ISR", "195")),
    # Codes that need a compound noun or a reflexive object: suicide, car and roadside bombings,
    # assassination attempts, human shields.
    ("Hamas carried out a suicide attack on Israel on Monday.", ("PSE", "ISR", "1831")),
    ("The Taliban staged a roadside attack on Afghan soldiers.", ("AFG", "AFG", "1833")),
    ("A Palestinian bomber blew himself up in Jerusalem.", ("PSE", "ISR", "1831")),
    ("Ukraine foiled a Russian assassination attempt on the Ukrainian president.", ("RUS", "UKR", "185")),
    # Complement verbs: swearing to act is intent (a threat when the act is force), advising someone
    # to act is an appeal, instructing them is a demand.
    ("Turkey swore to retaliate against Syria.", ("TUR", "SYR", "138")),
    ("The European Union advised Serbia to recognise Kosovo.", ("IGO", "SRB", "022")),
    ("Britain pleaded with Iran to release the sailors.", ("GBR", "IRN", "0253")),
    ("China chose to suspend talks with the United States.", ("CHN", "USA", "134")),
    # Halting strikes is de-escalation: "strike" is a military strike, as in nouns.yaml.
    ("Israel halted strikes on Gaza on Monday.", ("ISR", "PSE", "087")),
    ("Washington instructed Kyiv to halt strikes on Russian refineries.", ("USA", "UKR", "1056")),
    # "fly" with a cargo is a delivery, not a visit; migrants flown out are expelled.
    ("Turkey flew weapons to Azerbaijan on Monday.", ("TUR", "AZE", "072")),
    ("Chile flew 138 Venezuelan migrants out of the country on Wednesday.", ("CHL", "VEN", "174")),
    # Ordering a peacekeeping mission out ends its presence.
    ("Mali ordered the UN's peacekeeping mission out of the country on Friday.", ("MLI", "IGO", "1661")),
    # Admitting a state to a bloc is diplomatic cooperation, not an admission of guilt (015).
    ("The Shanghai Cooperation Organisation admitted Iran as a full member on Tuesday.", ("IGO", "IRN", "050")),
    # Putting a treaty in abeyance reduces relations; a light verb does not make it a signing.
    ("India put the Indus Waters Treaty with Pakistan in abeyance on Wednesday.", ("IND", "PAK", "160")),
    # Military advisers of a mission are diplomats.
    ("India expelled the military advisers of Pakistan's high commission.", ("IND", "PAK", "161")),
    # Energy delivered is trade; rescuers flown in are humanitarian aid.
    ("Russia delivered crude oil to Pakistan on Sunday.", ("RUS", "PAK", "061")),
    ("Australia flew rescuers into Vanuatu on Wednesday.", ("AUS", "VUT", "073")),
    # "kick off" works like "launch": the event noun after it gives the code.
    ("Chinese and Russian warships kicked off joint naval drills with Iran on Tuesday.", ("CHN", "IRN", "062")),
    # Pausing funding stops economic aid.
    ("The United States paused funding to the UN agency for Palestinian refugees on Friday.", ("USA", "IGO", "1621")),
    # A decreed state of emergency is imposed.
    ("Ecuador's president decreed a state of emergency on Monday.", ("ECU", "ECU", "1724")),
    # Turning to someone for money is an appeal for economic aid (what is sought hangs from "for").
    ("Ghana turned to the International Monetary Fund on Friday for a financial lifeline.", ("GHA", "IGO", "0231")),
    # Chemical agents by name, and chemical attacks as event nouns.
    ("Russian troops used chloropicrin against Ukrainian soldiers.", ("RUS", "UKR", "2041")),
    ("Syria's chemical attack on Turkey was condemned.", ("SYR", "TUR", "2041")),
    # Quitting a named organisation reduces relations; quitting alone is resigning.
    ("Mali announced that it was quitting the African Union.", ("MLI", "IGO", "160")),
    # Sides that silence their guns stop fighting each other; it is not censorship.
    ("Israel and Lebanon silenced their guns on Friday.", ("ISR", "LBN", "0871")),
    # An unveiled loan package is a promise of economic aid to the country it is for.
    ("Japan unveiled a loan package for Indonesia on Monday.", ("JPN", "IDN", "0331")),
    # Decreeing an emergency and a curfew together codes the emergency; "decree" lends its
    # meaning to event nouns like "declare" does.
    ("Ecuador's government decreed a state of emergency and a curfew across Ecuador on Monday.",
     ("ECU", "ECU", "1724")),
    ("Kenya decreed an embargo on Uganda on Monday.", ("KEN", "UGA", "163")),
    # A captured pilot handed back is a released person, not returned property.
    ("Pakistan handed back the captured Indian pilot on Friday.", ("PAK", "IND", "0841")),
    # Rushing reinforcements somewhere increases forces there.
    ("Turkey rushed reinforcements to Syria on Sunday.", ("TUR", "SYR", "154")),
    # "joint war games" are joint exercises even though "war games" alone is a show of force.
    ("Morocco and Spain held joint war games on Monday.", ("MAR", "ESP", "062")),
    # Asking another state to send troops is an appeal for military protection.
    ("Chad asked France on Monday to send troops to the border.", ("TCD", "FRA", "0234")),
    # A report rejected is denied; its author follows "by".
    ("Rwanda brushed off as baseless on Thursday a report by Uganda.", ("RWA", "UGA", "016")),
    # Being placed under formal investigation is a criminal inquiry into the person named.
    ("French magistrates placed Nicolas Sarkozy under formal investigation on Wednesday.", ("FRA", "FRA", "091")),
    # Playing host to someone is hosting them.
    ("China played host to the leaders of Kazakhstan on Thursday.", ("CHN", "KAZ", "043")),
    # A line of credit extended, and money deposited with a central bank, are economic aid.
    ("India extended a line of credit to Sri Lanka on Thursday.", ("IND", "LKA", "071")),
    ("The United Arab Emirates deposited $3 billion with Pakistan's central bank.", ("ARE", "PAK", "071")),
    # Aid pledged "for" a country is promised to it.
    ("Japan pledged $500 million in emergency relief for Indonesia on Saturday.", ("JPN", "IDN", "0333")),
    # Recordings handed to another state are shared intelligence.
    ("Turkey handed recordings of the killing to Saudi Arabia.", ("TUR", "SAU", "064")),
    # Authorising sanctions imposes them.
    ("The US president authorised sanctions against Iran on Thursday.", ("USA", "IRN", "163")),
    # Scrapped or called-off talks are broken off (164); "call off" is not "call on", an appeal.
    ("The Philippine president scrapped peace talks with Malaysia on Thursday.", ("PHL", "MYS", "164")),
    ("Israel called off talks with Egypt on Saturday.", ("ISR", "EGY", "164")),
    ("Germany called off a visit to China.", ("DEU", "CHN", "161")),
    # Leaping to someone's defence defends them.
    ("Venezuela leapt to the defence of Libya on Monday.", ("VEN", "LBY", "052")),
    # Villagers driven from their land are a population expelled.
    ("Sudanese troops drove Chadian villagers from their land.", ("SDN", "TCD", "201")),
    # Beating to death is killing by physical assault; beating detainees is an assault.
    ("Soldiers in Syria beat a British journalist to death.", ("SYR", "GBR", "1823")),
    ("Soldiers in Syria beat British detainees.", ("SYR", "GBR", "182")),
    # Questioning or grilling a named person is an interrogation, not disapproval.
    ("Israeli police questioned Prime Minister Benjamin Netanyahu on Friday.", ("ISR", "ISR", "091")),
    # Normalisation of ties is diplomatic recognition.
    ("Morocco's normalisation with Israel angered Algeria.", ("MAR", "ISR", "054")),
    # Rifles handed in are arms laid down.
    ("Colombian fighters handed in their rifles to the government.", ("COL", "COL", "0873")),
    # A gunbattle fought is small-arms fire, not a plain attack.
    ("Philippine police fought a gunbattle with Malaysian gunmen.", ("PHL", "MYS", "193")),
    # Gathering evidence is an investigation, not a gathering of people.
    ("Investigators from the United Nations gathered evidence against Syria.", ("IGO", "SYR", "090")),
    # Leaving power is stepping down: asked of someone, an appeal for a change of leadership.
    ("The United States called on the Libyan leader to leave power.", ("USA", "LBY", "0241")),
    # A strike that is called is a labour strike; threatening one threatens a protest.
    ("Unions in Argentina threatened to call a general strike against the government.", ("ARG", "ARG", "133")),
    # Lifting trade boosts it; vowing to do so is intent to cooperate economically.
    ("Vietnam and Australia vowed to lift bilateral trade.", ("VNM", "AUS", "0311")),
    # Camping outside a building is a demonstration.
    ("Thousands of Indigenous people camped outside the Supreme Court in Brasilia.", ("BRA", "BRA", "141")),
    # Switching off television stations censors them.
    ("Kenyan authorities switched off three private television stations.", ("KEN", "KEN", "1721")),
    # Planeloads seized are confiscated property.
    ("Nigeria seized two planeloads of weapons from Libya.", ("NGA", "LBY", "1711")),
    # "complete" and "cast" lend their meaning to event nouns.
    ("Ethiopia completed the release of Eritrean prisoners of war.", ("ETH", "ERI", "0841")),
    ("The United States cast its veto against Russia.", ("USA", "RUS", "129")),
    # A fast begun against someone is a hunger strike.
    ("Activists in India began a fast against the government.", ("IND", "IND", "142")),
    # Deporting someone to a country expels them (174); extradition is a judicial handover (063).
    ("Panama deported 29 Colombian migrants to Colombia on Tuesday.", ("PAN", "COL", "174")),
    # Urging others to accept mediation is an appeal for mediation.
    ("Ghana urged Ivory Coast to accept mediation by South Africa.", ("GHA", "CIV", "028")),
    # Pumping gas to a country is trade in energy.
    ("Israel started pumping natural gas to Egypt on Wednesday.", ("ISR", "EGY", "061")),
    # "fired on" is force, with "on" as particle or preposition; "on Sunday" says when.
    ("Russian coast guard vessels fired on and seized three Ukrainian navy boats off Crimea on Sunday.",
     ("RUS", "UKR", "190")),
    # "called on X" is an appeal, whatever else the parser makes of the clause.
    ("Barack Obama called on Bashar al-Assad for the first time on Thursday to step aside.", ("USA", "SYR", "020")),
    # Relief dropped or ferried, counted in planeloads or tonnes, is humanitarian aid.
    ("US Air Force C-130s dropped more than 38,000 meals over the Gaza Strip on Saturday.", ("USA", "PSE", "073")),
    ("India dispatched two planeloads of rescue workers and medical supplies to Turkey on Tuesday.",
     ("IND", "TUR", "073")),
    ("US cargo planes airdropped weapons and ammunition to Iraqi troops on Sunday night.", ("USA", "IRQ", "072")),
    # Ordering an ambassador out expels a diplomat.
    ("By evening Iraq's government had ordered Sweden's ambassador out over a planned burning of the Koran.",
     ("IRQ", "SWE", "161")),
    # Diplomats pulled "out of" a country are recalled from it.
    ("Canada pulled 41 diplomats out of India on Thursday.", ("CAN", "IND", "161")),
    # Warships handed over are military aid, not an extradition.
    ("India has handed over a refurbished Kilo-class submarine to Myanmar's navy.", ("IND", "MMR", "072")),
    # A pipeline or railway opened by two countries is economic cooperation.
    ("China and Laos opened a $6 billion railway linking Kunming with Vientiane on Friday.", ("LAO", "CHN", "061")),
])
def test_lexicon_pattern(coder: Coder, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in coded(coder, text)


def test_of_two_preposition_senses_the_first_preposition_wins(coder: Coder) -> None:
    assert ("ETH", "SOM", "192") in coded(coder, "Ethiopian troops pushed deeper into Somalia against the Islamist "
                                                 "movement on Monday.")
