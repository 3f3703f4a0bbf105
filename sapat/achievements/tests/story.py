"""A file of participations in the world's schools, counted by hand in test_achievements.py."""

HEADER = "school,year,date,person_kind,person,person_name,event,event_kind,subject,level,result,team\n"
# Students on the lists: A 2 (aibek, bolot), B 1 (camila), C 1; pedagogical staff: timur (A), bakyt (B).
ROWS = """A,2024-2025,2024-11-10,student,{aibek},,Math olympiad,olympiad,math,district,place1,
A,2024-2025,2024-11-10,student,{bolot},,Math olympiad,olympiad,math,district,participant,
B,2024-2025,2024-11-10,student,{camila},,Math olympiad,olympiad,math,district,place2,
A,2024-2025,2025-01-20,student,{aibek},,Regional math olympiad,olympiad,math,regional,place3,
A,2024-2025,2025-03-01,student,{aibek},,Robotics,contest,,republican,place2,Robo
A,2024-2025,2025-03-01,student,{bolot},,Robotics,contest,,republican,place2,Robo
A,2024-2025,2025-02-15,staff,T1,,Teachers' conference,conference,,regional,certificate,
B,2024-2025,2025-02-15,staff,B1,,Teachers' conference,conference,,regional,winner,
"""
